// A foreign (non-.NET) Packetflix client: node capture-client.mjs <ws-url> <seconds> <out-file>
// Writes the concatenated binary messages (a pcapng stream) to <out-file>, closes with 1000 "ciao" after
// <seconds>, and prints the server's close code and reason to stderr. Exits 3 on a text or empty message
// (both break upstream clients), 2 on a connection error.
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';

const [url, seconds, outFile] = process.argv.slice(2);
const ws = new WebSocket(url);
ws.binaryType = 'nodebuffer';
const chunks = [];
let bad = false;

ws.on('message', (data, isBinary) => {
  if (!isBinary || data.length === 0) {
    bad = true;
    process.stderr.write(`bad message: binary=${isBinary} length=${data.length}\n`);
    return;
  }
  chunks.push(data);
});
ws.on('open', () => {
  setTimeout(() => ws.close(1000, 'ciao'), Number(seconds) * 1000);
});
ws.on('close', (code, reason) => {
  writeFileSync(outFile, Buffer.concat(chunks));
  process.stderr.write(`close ${code} ${reason.toString()} messages=${chunks.length}\n`);
  process.exitCode = bad ? 3 : 0;
});
ws.on('error', (err) => {
  process.stderr.write(`error ${err.message}\n`);
  process.exitCode = 2;
});
