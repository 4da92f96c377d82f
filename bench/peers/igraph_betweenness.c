/* The igraph peer of bench/betweenness_compare.py: weighted directed vertex
 * betweenness (unnormalised) with the igraph C library, from every node or
 * from K evenly spaced sources (node i * n / K, as betweenness_bench picks
 * them), which python-igraph 0.10 cannot do. Reads the same edge list
 * ("from,to,length", 0-based ids, one header line) and prints one JSON
 * object like betweenness_bench: {"nodes", "edges", "seconds", "version",
 * "node_betweenness_sample": [[v, b], ...]} for every n / SAMPLE-th node.
 *
 *   cc -O2 igraph_betweenness.c $(pkg-config --cflags --libs igraph)
 *   ./a.out EDGES.csv [--sources K] [--sample S]
 */
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s EDGES.csv [--sources K] [--sample S]\n", argv[0]);
    return 2;
  }
  long k_sources = 0, sample = 50;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--sources") == 0) k_sources = atol(argv[i + 1]);
    else if (strcmp(argv[i], "--sample") == 0) sample = atol(argv[i + 1]);
  }
  FILE *f = fopen(argv[1], "r");
  if (!f) {
    fprintf(stderr, "%s: cannot open\n", argv[1]);
    return 3;
  }
  char line[256];
  if (!fgets(line, sizeof line, f)) return 3; /* header */
  igraph_vector_int_t ends;
  igraph_vector_t weights;
  igraph_vector_int_init(&ends, 0);
  igraph_vector_init(&weights, 0);
  long max_node = -1;
  long a, b;
  double len;
  while (fscanf(f, "%ld,%ld,%lf", &a, &b, &len) == 3) {
    igraph_vector_int_push_back(&ends, a);
    igraph_vector_int_push_back(&ends, b);
    igraph_vector_push_back(&weights, len);
    if (a > max_node) max_node = a;
    if (b > max_node) max_node = b;
  }
  fclose(f);
  const long n = max_node + 1;
  igraph_t g;
  igraph_create(&g, &ends, n, IGRAPH_DIRECTED);
  igraph_vector_t res;
  igraph_vector_init(&res, 0);
  const double start = now();
  if (k_sources > 0 && k_sources < n) {
    igraph_vector_int_t src;
    igraph_vector_int_init(&src, k_sources);
    for (long i = 0; i < k_sources; ++i) VECTOR(src)[i] = (igraph_integer_t)(i * n / k_sources);
    igraph_vs_t sources;
    igraph_vs_vector(&sources, &src);
    igraph_betweenness_subset(&g, &res, igraph_vss_all(), IGRAPH_DIRECTED, sources, igraph_vss_all(), &weights);
    igraph_vector_int_destroy(&src);
  } else {
    igraph_betweenness(&g, &res, igraph_vss_all(), IGRAPH_DIRECTED, &weights);
  }
  const double seconds = now() - start;
  const char *version;
  igraph_version(&version, NULL, NULL, NULL);
  printf("{\"nodes\": %ld, \"edges\": %ld, \"seconds\": %.6f, \"version\": \"%s\", \"node_betweenness_sample\": [",
         n, (long)igraph_ecount(&g), seconds, version);
  long step = n / (sample > 0 ? sample : 1);
  if (step < 1) step = 1;
  for (long v = 0; v < n; v += step) printf("%s[%ld, %.17g]", v ? ", " : "", v, VECTOR(res)[v]);
  printf("]}\n");
  igraph_vector_destroy(&res);
  igraph_vector_destroy(&weights);
  igraph_vector_int_destroy(&ends);
  igraph_destroy(&g);
  return 0;
}
