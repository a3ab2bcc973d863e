import { join } from "node:path";
import { goldenSuite } from "../../../test/golden";
import { openaiResponsesAdapter } from "./index";

goldenSuite(openaiResponsesAdapter, join(import.meta.dir, "fixtures"), { request: 5, response: 5, stream: 4, error: 1 });
