import { join } from "node:path";
import { goldenSuite } from "../../../test/golden";
import { anthropicAdapter } from "./index";

goldenSuite(anthropicAdapter, join(import.meta.dir, "fixtures"), { request: 5, response: 5, stream: 5, error: 2 });
