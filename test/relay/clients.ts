/**
 * One driver per client format, each using its provider's official SDK the way an application
 * would, reduced to what every test compares: text, finish reason, tool call and usage.
 */
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI, type Content } from "@google/genai";
import OpenAI from "openai";
import type { Format } from "../../src/protocols/ir";
import { SCENARIO } from "../mocks/scenario";

export interface Turn {
  text: string;
  finish: string;
  toolCall?: { id: string; name: string; args: unknown };
  /** Usage exactly as the SDK reported it. */
  usage: any;
  /** The thoughts the answer carried, when the client's format shows them. */
  thinking?: string;
  /** The thoughts' signatures, as the client received them. */
  signatures?: string[];
}

export interface ClientDriver {
  format: Format;
  /** Asks a plain question; `thinking` asks for reasoning (and its thoughts, where the format returns them). */
  plain(model: string, stream: boolean, thinking?: boolean): Promise<Turn>;
  /** Offers the weather tool, then sends its result back; returns both turns. */
  toolRoundTrip(model: string, stream: boolean): Promise<[Turn, Turn]>;
}

const QUESTION = "What is the weather in Paris?";
const TOOL_RESULT = JSON.stringify({ temperature: 18, sky: "sunny" });
const PARAMETERS = {
  type: "object",
  properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
  required: ["city"],
};

function openaiChat(baseUrl: string, key: string): ClientDriver {
  const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: key, maxRetries: 0 });
  const tools: OpenAI.ChatCompletionTool[] = [
    { type: "function", function: { name: SCENARIO.toolCall.name, description: "Current weather", parameters: PARAMETERS } },
  ];
  const ask = async (model: string, stream: boolean, messages: OpenAI.ChatCompletionMessageParam[], withTools: boolean, thinking = false) => {
    const body = { model, messages, ...(withTools && { tools }), ...(thinking && { reasoning_effort: "low" as const }) };
    // The SDK's stream helper checks the chunk sequence strictly and assembles the completion.
    const completion = stream
      ? await client.chat.completions.stream({ ...body, stream_options: { include_usage: true } }).finalChatCompletion()
      : await client.chat.completions.create(body);
    const choice = completion.choices[0];
    const call = choice.message.tool_calls?.[0];
    const turn: Turn = { text: choice.message.content ?? "", finish: choice.finish_reason, usage: completion.usage };
    if (call?.type === "function") turn.toolCall = { id: call.id, name: call.function.name, args: JSON.parse(call.function.arguments) };
    return { turn, message: choice.message };
  };
  return {
    format: "openai-chat",
    plain: async (model, stream, thinking) => (await ask(model, stream, [{ role: "user", content: QUESTION }], false, thinking)).turn,
    async toolRoundTrip(model, stream) {
      const history: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: QUESTION }];
      const first = await ask(model, stream, history, true);
      const second = await ask(
        model,
        stream,
        [...history, first.message as OpenAI.ChatCompletionAssistantMessageParam, { role: "tool", tool_call_id: first.turn.toolCall?.id ?? "", content: TOOL_RESULT }],
        true,
      );
      return [first.turn, second.turn];
    },
  };
}

function openaiResponses(baseUrl: string, key: string): ClientDriver {
  const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: key, maxRetries: 0 });
  const tools: OpenAI.Responses.FunctionTool[] = [
    { type: "function", name: SCENARIO.toolCall.name, description: "Current weather", parameters: PARAMETERS, strict: false },
  ];
  const ask = async (model: string, stream: boolean, input: OpenAI.Responses.ResponseInputItem[], withTools: boolean, thinking = false) => {
    const body = { model, input, ...(withTools && { tools }), ...(thinking && { reasoning: { effort: "low" as const, summary: "auto" as const } }) };
    const response = stream ? await client.responses.stream(body).finalResponse() : await client.responses.create(body);
    const call = response.output.find((item) => item.type === "function_call");
    const reasoning = response.output.flatMap((item) => (item.type === "reasoning" ? [item] : []));
    const turn: Turn = { text: response.output_text, finish: response.status ?? "", usage: response.usage };
    if (reasoning.length > 0) {
      turn.thinking = reasoning.flatMap((r) => r.summary.map((s) => s.text)).join("");
      turn.signatures = reasoning.flatMap((r) => (r.encrypted_content ? [r.encrypted_content] : []));
    }
    if (call?.type === "function_call") turn.toolCall = { id: call.call_id, name: call.name, args: JSON.parse(call.arguments) };
    return { turn, output: response.output };
  };
  return {
    format: "openai-responses",
    plain: async (model, stream, thinking) => (await ask(model, stream, [{ role: "user", content: QUESTION }], false, thinking)).turn,
    async toolRoundTrip(model, stream) {
      const history: OpenAI.Responses.ResponseInputItem[] = [{ role: "user", content: QUESTION }];
      const first = await ask(model, stream, history, true);
      const replay = first.output.filter((item) => item.type === "function_call" || item.type === "reasoning") as OpenAI.Responses.ResponseInputItem[];
      const second = await ask(
        model,
        stream,
        [...history, ...replay, { type: "function_call_output", call_id: first.turn.toolCall?.id ?? "", output: TOOL_RESULT }],
        true,
      );
      return [first.turn, second.turn];
    },
  };
}

function anthropic(baseUrl: string, key: string): ClientDriver {
  const client = new Anthropic({ baseURL: baseUrl, apiKey: key, maxRetries: 0 });
  const tools: Anthropic.Tool[] = [
    { name: SCENARIO.toolCall.name, description: "Current weather", input_schema: PARAMETERS as Anthropic.Tool.InputSchema },
  ];
  const ask = async (model: string, stream: boolean, messages: Anthropic.MessageParam[], withTools: boolean, thinking = false) => {
    const body = {
      model,
      max_tokens: thinking ? 2048 : 1024,
      messages,
      ...(withTools && { tools }),
      ...(thinking && { thinking: { type: "enabled" as const, budget_tokens: 1024 } }),
    };
    // messages.stream() assembles the message with the SDK's strict event accumulator.
    const message = stream ? await client.messages.stream(body).finalMessage() : await client.messages.create(body);
    const text = message.content.map((b) => (b.type === "text" ? b.text : "")).join("");
    const call = message.content.find((b) => b.type === "tool_use");
    const turn: Turn = { text, finish: message.stop_reason ?? "", usage: message.usage };
    const thoughts = message.content.flatMap((b) => (b.type === "thinking" ? [b] : []));
    if (thoughts.length > 0) {
      turn.thinking = thoughts.map((b) => b.thinking).join("");
      turn.signatures = thoughts.flatMap((b) => (b.signature ? [b.signature] : []));
    }
    if (call?.type === "tool_use") turn.toolCall = { id: call.id, name: call.name, args: call.input };
    return { turn, content: message.content };
  };
  return {
    format: "anthropic",
    plain: async (model, stream, thinking) => (await ask(model, stream, [{ role: "user", content: QUESTION }], false, thinking)).turn,
    async toolRoundTrip(model, stream) {
      const history: Anthropic.MessageParam[] = [{ role: "user", content: QUESTION }];
      const first = await ask(model, stream, history, true);
      const second = await ask(
        model,
        stream,
        [
          ...history,
          { role: "assistant", content: first.content },
          { role: "user", content: [{ type: "tool_result", tool_use_id: first.turn.toolCall?.id ?? "", content: TOOL_RESULT }] },
        ],
        true,
      );
      return [first.turn, second.turn];
    },
  };
}

function gemini(baseUrl: string, key: string): ClientDriver {
  const ai = new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl } });
  const config = {
    tools: [{ functionDeclarations: [{ name: SCENARIO.toolCall.name, description: "Current weather", parametersJsonSchema: PARAMETERS }] }],
  };
  const ask = async (model: string, stream: boolean, contents: Content[], withTools: boolean, thinking = false) => {
    const params = {
      model,
      contents,
      config: { ...(withTools && config), ...(thinking && { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } }) },
    };
    let text = "";
    let thoughts: string | undefined;
    const signatures: string[] = [];
    let finish = "";
    let usage: unknown;
    const parts: NonNullable<Content["parts"]> = [];
    const chunks = stream ? await ai.models.generateContentStream(params) : [await ai.models.generateContent(params)];
    for await (const chunk of chunks) {
      const candidate = chunk.candidates?.[0];
      for (const part of candidate?.content?.parts ?? []) {
        parts.push(part);
        if (part.text && !part.thought) text += part.text;
        if (part.thought) thoughts = (thoughts ?? "") + (part.text ?? "");
        if (part.thoughtSignature) signatures.push(part.thoughtSignature);
      }
      if (candidate?.finishReason) finish = candidate.finishReason;
      if (chunk.usageMetadata) usage = chunk.usageMetadata;
    }
    const call = parts.find((p) => p.functionCall)?.functionCall;
    const turn: Turn = { text, finish, usage, ...(thoughts !== undefined && { thinking: thoughts, signatures }) };
    if (call) turn.toolCall = { id: call.id ?? "", name: call.name ?? "", args: call.args };
    return { turn, modelTurn: { role: "model", parts } as Content };
  };
  return {
    format: "gemini",
    plain: async (model, stream, thinking) => (await ask(model, stream, [{ role: "user", parts: [{ text: QUESTION }] }], false, thinking)).turn,
    async toolRoundTrip(model, stream) {
      const history: Content[] = [{ role: "user", parts: [{ text: QUESTION }] }];
      const first = await ask(model, stream, history, true);
      const call = first.turn.toolCall;
      const result: Content = {
        role: "user",
        parts: [{ functionResponse: { name: call?.name ?? "", ...(call?.id && { id: call.id }), response: JSON.parse(TOOL_RESULT) } }],
      };
      const second = await ask(model, stream, [...history, first.modelTurn, result], true);
      return [first.turn, second.turn];
    },
  };
}

export function clientDriver(format: Format, baseUrl: string, key: string): ClientDriver {
  return { "openai-chat": openaiChat, "openai-responses": openaiResponses, anthropic, gemini }[format](baseUrl, key);
}
