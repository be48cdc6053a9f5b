// The Node.js peer of bench/ws.sh: the `ws` package echoing text and binary messages at /echo, without
// permessage-deflate (as wharf and Netty run in the benchmark). Usage: node server.mjs PORT; prints READY PORT.
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const wss = new WebSocketServer({ port, path: '/echo', perMessageDeflate: false });
wss.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
});
wss.on('listening', () => console.log('READY ' + port));
process.on('SIGTERM', () => wss.close(() => process.exit(0)));
