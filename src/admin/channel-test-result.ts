/** What `POST /api/v1/channel/test` answers (its own module: the panel imports the type alone). */
export interface ChannelTestResult {
  ok: boolean;
  /** 200, or the upstream's status (or the relay's for a timeout, 504, or no connection, 502). */
  status: number;
  /** From sending the request to the whole answer. */
  latency_ms: number;
  model: string;
  answer?: string;
  error?: string;
}
