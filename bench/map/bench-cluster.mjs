// bench-cluster.mjs: supercluster's side of bench-cluster.sh.
//
//   node bench-cluster.mjs N SEED POINTS_FILE DUMP_FILE ROUNDS
//
// Generates N points (the fixture generator's mix: a dense city, Jiangxi, exact
// duplicates), writes them to POINTS_FILE for the C bench, times
// new Supercluster().load() (warm-up, then ROUNDS rounds) plain and with the
// map/reduce GwClusterIndex does (overdue count, category histogram), and dumps
// getClusters of the whole world at zooms 0..18 to DUMP_FILE.
import fs from 'node:fs';
import {makePoints, toFeatures, loadIndex} from '../../tests/geo/fixtures/make-cluster-fixtures.mjs';

const [n, seed, pointsFile, dumpFile, rounds] = process.argv.slice(2);
const pts = makePoints(+n, +seed);

fs.writeFileSync(pointsFile, pts.map(p => `${p.lon} ${p.lat} ${p.flags} ${p.category}`).join('\n') + '\n');

const features = toFeatures(pts);

// Wall-clock best and median, and the best CPU time of the process (with V8's
// helper threads, e.g. concurrent GC), which a loaded machine disturbs less.
function time(aggregate) {
    const wall = [];
    const cpu = [];
    for (let r = 0; r < 2 + +rounds; r++) {
        const start = performance.now();
        const c0 = process.cpuUsage();
        loadIndex(features, {}, aggregate);
        const c = process.cpuUsage(c0);
        if (r >= 2) {  // two warm-up rounds
            wall.push(performance.now() - start);
            cpu.push((c.user + c.system) / 1000);
        }
    }
    wall.sort((a, b) => a - b);
    return `${wall[0].toFixed(1)} ${wall[wall.length >> 1].toFixed(1)} ${Math.min(...cpu).toFixed(1)}`;
}

console.log(`supercluster load, ms wall best, median, CPU best: ${time(false)}`);
console.log(`supercluster load with map/reduce, ms wall best, median, CPU best: ${time(true)}`);

const latY = lat => {
    const sin = Math.sin(lat * Math.PI / 180);
    const y = (0.5 - 0.25 * Math.log((1 + sin) / (1 - sin)) / Math.PI);
    return y < 0 ? 0 : y > 1 ? 1 : y;
};
const index = loadIndex(features, {}, false);
const lines = [];
for (let z = 0; z <= 18; z++) {
    for (const f of index.getClusters([-180, -90, 180, 90], z)) {
        const p = f.properties;
        if (!p.cluster) {
            lines.push(`${z} ${p.i} 1`);
            continue;
        }
        const [lon, lat] = f.geometry.coordinates;
        lines.push(`${z} ${p.cluster_id} ${p.point_count} ${Math.round(lon / 360 * 2 ** 30)} ` +
            `${Math.round((latY(lat) - 0.5) * 2 ** 30)}`);
    }
}
fs.writeFileSync(dumpFile, lines.join('\n') + '\n');
