#!/usr/bin/python3
"""Reference values for tests/engine/corridors/reference_test.cpp, computed
with networkx (an implementation independent of borderflow).

Road-like graphs: a perturbed grid whose streets run both ways with random
lengths, a few links removed; deterministic (seeded). Writes reference.json.
Run with Debian's /usr/bin/python3 (python3-networkx).
"""
import json
import random

import networkx as nx


def road_graph(rows, cols, seed):
    rng = random.Random(seed)
    g = nx.DiGraph()
    node = lambda r, c: r * cols + c
    for r in range(rows):
        for c in range(cols):
            g.add_node(node(r, c))
    links = []
    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols:
                links.append((node(r, c), node(r, c + 1)))
            if r + 1 < rows:
                links.append((node(r, c), node(r + 1, c)))
    for u, v in links:
        if rng.random() < 0.15:
            continue  # a missing street
        length = round(rng.uniform(100.0, 5000.0), 3)
        g.add_edge(u, v, length=length, flow=float(rng.randint(1, 20)))
        if rng.random() < 0.8:
            g.add_edge(v, u, length=round(length * rng.uniform(0.9, 1.1), 3), flow=float(rng.randint(1, 20)))
    # a dangling spur, so that there are articulation points and bridges
    spur = rows * cols
    g.add_edge(node(0, 0), spur, length=750.0, flow=5.0)
    g.add_edge(spur, spur + 1, length=500.0, flow=5.0)
    return g


def case(rows, cols, seed):
    g = road_graph(rows, cols, seed)
    n = g.number_of_nodes()
    edges = [(u, v, d["length"], d["flow"]) for u, v, d in g.edges(data=True)]
    node_bc = nx.betweenness_centrality(g, weight="length", normalized=False)
    edge_bc = nx.edge_betweenness_centrality(g, weight="length", normalized=False)
    u = g.to_undirected()
    articulation = sorted(nx.articulation_points(u))
    bridges = sorted(tuple(sorted(b)) for b in nx.bridges(u))
    origins = [0, cols - 1]
    destinations = [n - 3, n - 3 - cols]
    flow_graph = nx.DiGraph()
    for a, b, d in g.edges(data=True):
        flow_graph.add_edge(a, b, capacity=d["flow"])
    for o in origins:
        flow_graph.add_edge("s", o)  # no capacity attribute: unbounded
    for d in destinations:
        flow_graph.add_edge(d, "t")
    max_flow = nx.maximum_flow_value(flow_graph, "s", "t")
    source, target = 0, n - 3
    k_paths = []
    for path in nx.shortest_simple_paths(g, source, target, weight="length"):
        k_paths.append(sum(g[a][b]["length"] for a, b in zip(path, path[1:])))
        if len(k_paths) == 8:
            break
    return {
        "nodes": n,
        "edges": edges,
        "node_betweenness": [node_bc[i] for i in range(n)],
        "edge_betweenness": [edge_bc[(a, b)] for a, b, _, _ in edges],
        "articulation_points": articulation,
        "bridges": bridges,
        "origins": origins,
        "destinations": destinations,
        "max_flow": max_flow,
        "k_shortest": {"from": source, "to": target, "lengths": k_paths},
    }


if __name__ == "__main__":
    cases = [case(10, 12, 1), case(25, 30, 2)]
    with open("reference.json", "w") as f:
        json.dump({"generator": "make_reference.py with networkx " + nx.__version__, "cases": cases}, f)
