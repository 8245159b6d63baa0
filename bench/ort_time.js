#!/usr/bin/env node
// Times ONNX Runtime (onnxruntime-node, CPU execution provider) on one model,
// the counterpart of bench/timer.c:
//
//   node ort_time.js [--threads T] [--runs N] [--warmup W] [--out PREFIX] MODEL.onnx META.json
//
// META.json (written by bench/run.sh) lists the inputs in graph order:
//   {"inputs": [{"name": ..., "elem_type": ONNX code, "dims": [...], "file": raw .bin}]}
// The session uses intraOpNumThreads = T, interOpNumThreads = 1, sequential
// execution and graphOptimizationLevel 'all'. W untimed runs, then N runs each
// timed on its own with process.hrtime (around `await session.run`, so the
// Node binding's per-call overhead is included). Prints one line:
//   median_ms=M min_ms=m runs=N ort=VERSION
// With --out, writes each output of the last run to PREFIX<k>.bin (raw).
//
// onnxruntime-node is taken from bench/node_modules if installed there
// (npm install --ignore-scripts onnxruntime-node), else from
// tests/e2e/node_modules (installed by tests/e2e/regenerate.sh).
'use strict';

const fs = require('fs');
const path = require('path');

function loadOrt() {
  const here = __dirname;
  const paths = [here, path.join(here, '..', 'tests', 'e2e')];
  let where;
  try {
    where = require.resolve('onnxruntime-node', { paths });
  } catch (e) {
    throw new Error('onnxruntime-node not found: run tests/e2e/regenerate.sh, or ' +
                    '`npm install --ignore-scripts onnxruntime-node` in bench/');
  }
  return require(where);
}
const ort = loadOrt();

// ONNX TensorProto.DataType code -> ORT type name, typed array
const TYPES = {
  1: ['float32', Float32Array],
  2: ['uint8', Uint8Array],
  3: ['int8', Int8Array],
  4: ['uint16', Uint16Array],
  5: ['int16', Int16Array],
  6: ['int32', Int32Array],
  7: ['int64', BigInt64Array],
  9: ['bool', Uint8Array],
  10: ['float16', Uint16Array],
  11: ['float64', Float64Array],
  12: ['uint32', Uint32Array],
  13: ['uint64', BigUint64Array],
};

function die(msg) {
  console.error(`ort_time.js: ${msg}`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { threads: 1, runs: 20, warmup: 1, out: null, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) die(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--threads') o.threads = parseInt(next(), 10);
    else if (a === '--runs') o.runs = parseInt(next(), 10);
    else if (a === '--warmup') o.warmup = parseInt(next(), 10);
    else if (a === '--out') o.out = next();
    else if (a === '-h' || a === '--help') {
      console.error('usage: node ort_time.js [--threads T] [--runs N] [--warmup W] [--out PREFIX] MODEL.onnx META.json');
      process.exit(0);
    } else if (a.startsWith('-')) die(`unknown option ${a}`);
    else o.files.push(a);
  }
  if (o.files.length !== 2) die('expected MODEL.onnx and META.json');
  if (!(o.threads >= 1) || !(o.runs >= 1) || !(o.warmup >= 0)) die('bad --threads, --runs or --warmup');
  return o;
}

function readInput(spec) {
  const t = TYPES[spec.elem_type];
  if (!t) die(`input ${spec.name}: element type ${spec.elem_type} not supported here`);
  const buf = fs.readFileSync(spec.file);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength); // aligned copy
  const data = new t[1](ab);
  const n = spec.dims.reduce((a, b) => a * b, 1);
  if (data.length !== n) die(`input ${spec.name}: ${data.length} elements in ${spec.file}, dims say ${n}`);
  return new ort.Tensor(t[0], data, spec.dims);
}

async function main() {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) die('big-endian host: the .bin files are little-endian');
  const o = parseArgs(process.argv.slice(2));
  const meta = JSON.parse(fs.readFileSync(o.files[1], 'utf8'));
  const session = await ort.InferenceSession.create(o.files[0], {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: o.threads,
    interOpNumThreads: 1,
  });
  const feeds = {};
  for (const spec of meta.inputs) feeds[spec.name] = readInput(spec);

  const ms = [];
  let results;
  for (let r = 0; r < o.warmup + o.runs; r++) {
    const t0 = process.hrtime.bigint();
    results = await session.run(feeds);
    const t1 = process.hrtime.bigint();
    if (r >= o.warmup) ms.push(Number(t1 - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const n = ms.length;
  const median = n % 2 ? ms[(n - 1) / 2] : 0.5 * (ms[n / 2 - 1] + ms[n / 2]);
  const version = ort.env && ort.env.versions ? ort.env.versions.common : '?';
  console.log(`median_ms=${median.toFixed(4)} min_ms=${ms[0].toFixed(4)} runs=${n} ort=${version}`);

  if (o.out) {
    session.outputNames.forEach((name, k) => {
      const d = results[name].data;
      if (!ArrayBuffer.isView(d)) die(`output ${name}: type ${results[name].type} cannot be written raw`);
      fs.writeFileSync(`${o.out}${k}.bin`, Buffer.from(d.buffer, d.byteOffset, d.byteLength));
    });
  }
  if (session.release) await session.release();
}

main().catch((e) => {
  console.error(`ort_time.js: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
