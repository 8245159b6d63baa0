#!/usr/bin/env node
// Reference outputs for a dlc e2e fixture, computed with ONNX Runtime (CPU).
//
//   node ort_reference.js MODEL_DIR [MODEL_DIR...]
//
// Reads MODEL_DIR/model.onnx and MODEL_DIR/_ort/meta.json + raw little-endian
// input_K.bin (written by make_models.py), runs the model on the CPU execution
// provider with graph optimizations disabled (the reference should compute the
// graph as written), and writes MODEL_DIR/_ort/ort_output_K.bin (raw little-endian)
// + ort_outputs.json (name, dtype, dims, file per output). `make_models.py --pack`
// then turns these into test_data_set_0/output_K.pb.
'use strict';

const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

// numpy dtype name <-> ORT tensor type <-> typed array
const TYPES = {
  float32: { ort: 'float32', arr: Float32Array },
  float64: { ort: 'float64', arr: Float64Array },
  int64: { ort: 'int64', arr: BigInt64Array },
  int32: { ort: 'int32', arr: Int32Array },
  bool: { ort: 'bool', arr: Uint8Array },
};
const FROM_ORT = {};
for (const [np, t] of Object.entries(TYPES)) FROM_ORT[t.ort] = np;

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('big-endian host: the .bin files are little-endian');
}

function readInput(dir, spec) {
  const t = TYPES[spec.dtype];
  if (!t) throw new Error(`input ${spec.name}: unsupported dtype ${spec.dtype}`);
  const buf = fs.readFileSync(path.join(dir, spec.file));
  // copy into a fresh, aligned ArrayBuffer
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const n = spec.dims.reduce((a, b) => a * b, 1);
  const data = new t.arr(ab);
  if (data.length !== n) {
    throw new Error(`input ${spec.name}: ${data.length} elements in ${spec.file}, dims say ${n}`);
  }
  return new ort.Tensor(t.ort, data, spec.dims);
}

async function run(modelDir) {
  const scratch = path.join(modelDir, '_ort');
  const meta = JSON.parse(fs.readFileSync(path.join(scratch, 'meta.json'), 'utf8'));
  const session = await ort.InferenceSession.create(path.join(modelDir, 'model.onnx'), {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'disabled',
    intraOpNumThreads: 2,
    interOpNumThreads: 1,
  });
  const feeds = {};
  for (const spec of meta.inputs) feeds[spec.name] = readInput(scratch, spec);

  const t0 = Date.now();
  const results = await session.run(feeds);
  const ms = Date.now() - t0;

  const outs = [];
  meta.outputs.forEach((name, k) => {
    const t = results[name];
    if (!t) throw new Error(`ORT produced no output named ${name}`);
    const dtype = FROM_ORT[t.type];
    if (!dtype) throw new Error(`output ${name}: unsupported type ${t.type}`);
    const file = `ort_output_${k}.bin`;
    const d = t.data;
    fs.writeFileSync(path.join(scratch, file), Buffer.from(d.buffer, d.byteOffset, d.byteLength));
    outs.push({ name, dtype, dims: t.dims.map(Number), file });
  });
  fs.writeFileSync(path.join(scratch, 'ort_outputs.json'), JSON.stringify(outs, null, 1));
  if (session.release) await session.release();
  console.log(`${modelDir}: ORT ${ort.env.versions ? ort.env.versions.common : ''} ran in ${ms} ms, ` +
              outs.map((o) => `${o.name}[${o.dims}]`).join(' '));
}

async function main() {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0 || dirs[0] === '-h' || dirs[0] === '--help') {
    console.error('usage: node ort_reference.js MODEL_DIR [MODEL_DIR...]');
    process.exit(2);
  }
  for (const d of dirs) await run(d);
}

main().catch((e) => {
  console.error(`ort_reference.js: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
