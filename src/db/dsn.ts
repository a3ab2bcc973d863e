/** Reads `database.path` for MySQL: the Go-style DSN `user:password@tcp(host:port)/dbname` or a `mysql://` URL. */

export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export function parseMysqlDsn(dsn: string): MysqlTarget {
  if (dsn.startsWith("mysql://") || dsn.startsWith("mariadb://")) {
    const url = new URL(dsn);
    return {
      host: url.hostname || "127.0.0.1",
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.replace(/^\//, ""),
    };
  }
  const at = dsn.lastIndexOf("@");
  const credentials = at === -1 ? "" : dsn.slice(0, at);
  const rest = at === -1 ? dsn : dsn.slice(at + 1);
  const match = /^(?:tcp\(([^)]*)\))?\/([^?]+)(?:\?.*)?$/.exec(rest);
  if (!match) throw new Error("database.path for mysql must look like user:password@tcp(host:port)/dbname");
  const [host, port] = (match[1] || "127.0.0.1:3306").split(":");
  const colon = credentials.indexOf(":");
  return {
    host: host || "127.0.0.1",
    port: Number(port || 3306),
    user: colon === -1 ? credentials : credentials.slice(0, colon),
    password: colon === -1 ? "" : credentials.slice(colon + 1),
    database: match[2],
  };
}
