import { join } from "node:path";
import { goldenSuite } from "../../../test/golden";
import { openaiChatAdapter } from "./index";

goldenSuite(openaiChatAdapter, join(import.meta.dir, "fixtures"));
