/** A loopback TCP forwarder a test can cut and restore, to make a real server unreachable for a while. */
import type { Socket, TCPSocketListener } from "bun";

export interface TcpProxy {
  port: number;
  /** Closes every forwarded connection and refuses new ones. */
  cut(): void;
  /** Accepts and forwards again, on the same port. */
  restore(): void;
  close(): void;
}

export function startTcpProxy(targetHost: string, targetPort: number): TcpProxy {
  const open = new Set<Socket<unknown>>();
  let listener: TCPSocketListener<{ peer?: Socket<unknown>; pending: Uint8Array[] }> | undefined;
  const listen = (port: number) =>
    (listener = Bun.listen<{ peer?: Socket<unknown>; pending: Uint8Array[] }>({
      hostname: "127.0.0.1",
      port,
      socket: {
        open(client) {
          client.data = { pending: [] };
          open.add(client);
          void Bun.connect({
            hostname: targetHost,
            port: targetPort,
            socket: {
              open(server) {
                open.add(server);
                client.data.peer = server;
                for (const chunk of client.data.pending.splice(0)) server.write(chunk);
              },
              data: (_, chunk) => void client.write(chunk),
              close: () => void client.end(),
              error: () => void client.end(),
            },
          }).catch(() => client.end());
        },
        data(client, chunk) {
          if (client.data.peer) client.data.peer.write(chunk);
          else client.data.pending.push(new Uint8Array(chunk));
        },
        close(client) {
          open.delete(client);
          client.data.peer?.end();
        },
      },
    }));
  const port = listen(0).port;
  const cut = () => {
    listener?.stop(true);
    listener = undefined;
    for (const socket of open) socket.terminate();
    open.clear();
  };
  return { port, cut, restore: () => void (listener ??= listen(port)), close: cut };
}
