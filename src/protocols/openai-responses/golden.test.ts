import { join } from "node:path";
import { goldenSuite } from "../../../test/golden";
import { openaiResponsesAdapter } from "./index";

goldenSuite(openaiResponsesAdapter, join(import.meta.dir, "fixtures"), { request: 6, response: 6, stream: 5, error: 1 });
