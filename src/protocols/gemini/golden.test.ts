import { join } from "node:path";
import { goldenSuite } from "../../../test/golden";
import { geminiAdapter } from "./index";

goldenSuite(geminiAdapter, join(import.meta.dir, "fixtures"), { request: 5, response: 5, stream: 4, error: 2 });
