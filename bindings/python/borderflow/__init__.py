"""borderflow for researchers: route graphs, paths, betweenness, chokepoints,
and the hot spot statistics (Gi*, DBSCAN, kernel density) on arrays of your own.

    import borderflow as bf
    ds = bf.load(borders="countries.gpkg:countries", routes="routes.csv",
                 places="places.csv", ports="ports.csv")
    g = bf.RouteGraph(ds)
    g.k_shortest_paths("Cox's Bazar", "Kuala Lumpur", k=3)

Errors: borderflow.InputError for bad data (the message names the file and
line), ValueError for bad arguments, OSError for outputs that cannot be written.
The module is thin: every function calls the C++ library the command line uses.
"""
from ._borderflow import (  # noqa: F401
    Dataset,
    InputError,
    RouteGraph,
    dbscan,
    gi_star,
    kernel_density,
    load,
)

__all__ = ["Dataset", "InputError", "RouteGraph", "dbscan", "gi_star", "kernel_density", "load", "to_networkx"]


def to_networkx(graph):
    """The route graph as a networkx.MultiDiGraph: nodes 0..n-1 with their
    attributes (name, kind, country, lon, lat, flow_in, flow_out, betweenness),
    one edge per route-graph edge (key = edge index) with mode, flow,
    n_routes, length_m and betweenness."""
    import networkx as nx

    nodes, edges = graph.nodes, graph.edges
    g = nx.MultiDiGraph()
    for i in range(len(nodes["name"])):
        g.add_node(i, **{k: (v[i].item() if hasattr(v[i], "item") else v[i]) for k, v in nodes.items()})
    for e in range(len(edges["mode"])):
        attrs = {k: (v[e].item() if hasattr(v[e], "item") else v[e]) for k, v in edges.items()
                 if k not in ("from_node", "to_node")}
        g.add_edge(int(edges["from_node"][e]), int(edges["to_node"][e]), key=e, **attrs)
    return g


RouteGraph.to_networkx = to_networkx
