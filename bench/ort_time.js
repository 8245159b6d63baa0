#!/usr/bin/env node
// Times ONNX Runtime (onnxruntime-node, CPU execution provider) on one model,
// the counterpart of bench/timer.c:
//
//   node ort_time.js [--threads T] [--runs N] [--min-seconds S] [--warmup W] [--out PREFIX] MODEL.onnx META.json
//
// META.json (written by bench/run.sh) lists the inputs in graph order:
//   {"inputs": [{"name": ..., "elem_type": ONNX code, "dims": [...], "file": raw .bin}]}
// The session uses intraOpNumThreads = T, interOpNumThreads = 1, sequential
// execution and graphOptimizationLevel 'all'. W untimed runs (at least one),
// then runs each timed on its own with process.hrtime (around `await
// session.run`, so the Node binding's per-call overhead is included) until
// there are at least N and they add up to at least S seconds. Prints one line:
//   median_ms=M p10_ms=.. p25_ms=.. p75_ms=.. p90_ms=.. min_ms=.. runs=N mem_bytes=B threads=T ort=VERSION
// mem_bytes: the process's peak resident set (VmHWM) after the runs minus its
// resident set just before the session was created, the peak having been reset
// then (writing 5 to /proc/self/clear_refs): what the session, its weights,
// its buffers and the runs added. 0 where /proc is missing.
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
  const o = { threads: 1, runs: 20, minSeconds: 1, warmup: 1, out: null, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) die(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--threads') o.threads = parseInt(next(), 10);
    else if (a === '--runs') o.runs = parseInt(next(), 10);
    else if (a === '--min-seconds') o.minSeconds = parseFloat(next());
    else if (a === '--warmup') o.warmup = parseInt(next(), 10);
    else if (a === '--out') o.out = next();
    else if (a === '-h' || a === '--help') {
      console.error('usage: node ort_time.js [--threads T] [--runs N] [--min-seconds S] [--warmup W] ' +
                    '[--out PREFIX] MODEL.onnx META.json');
      process.exit(0);
    } else if (a.startsWith('-')) die(`unknown option ${a}`);
    else o.files.push(a);
  }
  if (o.files.length !== 2) die('expected MODEL.onnx and META.json');
  if (!(o.threads >= 1) || !(o.runs >= 1) || !(o.warmup >= 0) || !(o.minSeconds >= 0)) {
    die('bad --threads, --runs, --min-seconds or --warmup');
  }
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

// A field of /proc/self/status in bytes (VmRSS, VmHWM), or null without /proc.
function procStatusBytes(field) {
  try {
    const m = fs.readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) * 1024 : null;
  } catch (e) {
    return null;
  }
}

// Resets the kernel's peak-RSS counter to the current RSS; false if it cannot.
function resetPeakRss() {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch (e) {
    return false;
  }
}

// The q-quantile of sorted values, interpolating between neighbours (as timer.c).
function quantile(sorted, q) {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  return i + 1 < sorted.length ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

async function main() {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) die('big-endian host: the .bin files are little-endian');
  const o = parseArgs(process.argv.slice(2));
  const meta = JSON.parse(fs.readFileSync(o.files[1], 'utf8'));
  const feeds = {};
  for (const spec of meta.inputs) feeds[spec.name] = readInput(spec);
  const peakReset = resetPeakRss();
  const rssBefore = procStatusBytes('VmRSS');
  const session = await ort.InferenceSession.create(o.files[0], {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: o.threads,
    interOpNumThreads: 1,
  });

  let results;
  for (let r = 0; r < Math.max(o.warmup, 1); r++) results = await session.run(feeds);
  const ms = [];
  let total = 0;
  while (ms.length < o.runs || total < o.minSeconds * 1e3) {
    const t0 = process.hrtime.bigint();
    results = await session.run(feeds);
    const t1 = process.hrtime.bigint();
    ms.push(Number(t1 - t0) / 1e6);
    total += ms[ms.length - 1];
  }
  const peak = procStatusBytes('VmHWM');
  const mem = peakReset && peak !== null && rssBefore !== null ? peak - rssBefore : 0;
  ms.sort((a, b) => a - b);
  const q = (x) => quantile(ms, x).toFixed(4);
  const version = ort.env && ort.env.versions ? ort.env.versions.common : '?';
  console.log(`median_ms=${q(0.5)} p10_ms=${q(0.1)} p25_ms=${q(0.25)} p75_ms=${q(0.75)} p90_ms=${q(0.9)} ` +
              `min_ms=${ms[0].toFixed(4)} runs=${ms.length} mem_bytes=${mem} threads=${o.threads} ort=${version}`);

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
