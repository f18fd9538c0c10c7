// A foreign (non-.NET) Packetflix client: node capture-client.mjs <ws-url> <seconds> <out-file>
// Appends each binary message (the pcapng stream, whole blocks per message) to <out-file> as it arrives, so the file
// can be watched while the capture runs. Closes with 1000 "ciao" after <seconds>, or, with <seconds> 0, when its
// stdin ends (a test closes it once the packets it waits for are in the file) or on SIGINT/SIGTERM. Prints "open"
// and then the server's close code and reason to stderr. Exits 3 on a text or empty message (both break upstream
// clients), 2 on a connection error.
import { appendFileSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';

const [url, seconds, outFile] = process.argv.slice(2);
writeFileSync(outFile, Buffer.alloc(0));
const ws = new WebSocket(url);
ws.binaryType = 'nodebuffer';
let messages = 0;
let bad = false;
let closeWanted = false;

const close = () => {
  closeWanted = true;
  if (ws.readyState === WebSocket.OPEN) {
    ws.close(1000, 'ciao');
  }
};

ws.on('message', (data, isBinary) => {
  if (!isBinary || data.length === 0) {
    bad = true;
    process.stderr.write(`bad message: binary=${isBinary} length=${data.length}\n`);
    return;
  }
  appendFileSync(outFile, data);
  messages++;
});
ws.on('open', () => {
  process.stderr.write('open\n');
  if (closeWanted) {
    close();
  } else if (Number(seconds) > 0) {
    setTimeout(close, Number(seconds) * 1000);
  }
});
ws.on('close', (code, reason) => {
  process.stderr.write(`close ${code} ${reason.toString()} messages=${messages}\n`);
  process.exitCode = bad ? 3 : 0;
  process.stdin.destroy();
});
ws.on('error', (err) => {
  process.stderr.write(`error ${err.message}\n`);
  process.exitCode = 2;
  process.stdin.destroy();
});

process.on('SIGINT', close);
process.on('SIGTERM', close);
if (Number(seconds) <= 0) {
  process.stdin.on('end', close);
  process.stdin.on('error', close);
  process.stdin.resume();
}
