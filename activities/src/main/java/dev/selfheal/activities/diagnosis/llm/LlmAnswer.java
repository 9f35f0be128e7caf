package dev.selfheal.activities.diagnosis.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * A model's answer, parsed and checked against the prompt's schema.
 *
 * @param model the model the server says answered (it may differ from the one asked for)
 * @param latency from the first request to the answer, retries included
 */
public record LlmAnswer(JsonNode json, TokenUsage usage, String model, Duration latency) {}
