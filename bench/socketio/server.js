// The socket.io reference of the LiveBoard benchmark (bench/README.md).
// node server.js <port>: WebSocket transport at /socket.io/, POST /send broadcasts the posted JSON as event "event".
'use strict';
const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 3000);
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/ready') { res.end('socketio'); return; }
  if (req.method === 'POST' && req.url === '/send') {
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      io.emit('event', JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.end();
    });
    return;
  }
  res.statusCode = 404; res.end();
});
// WebSocket only, as the generator speaks it; no per-message compression, as the other targets.
const io = new Server(server, { transports: ['websocket'], perMessageDeflate: false, serveClient: false });
server.listen(port, '127.0.0.1');
