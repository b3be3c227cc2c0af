package io.sagaplatform.orchestrator.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Asks order-service what its door is doing ({@code GET /admission}: accepting or refusing, in flight against the
 * limit, refusals in the last minute), so the dashboard shows the orders that never became sagas next to the sagas.
 * The operator's own token is passed on: order-service decides what the caller may see. When order-service cannot
 * be asked, the answer says so instead of failing the page.
 */
@ApplicationScoped
public class OrderServiceDoor {

    private final URI admission;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    OrderServiceDoor(@ConfigProperty(name = "saga.orchestrator.order-service-url", defaultValue = "http://localhost:8081")
            String orderService, ObjectMapper json) {
        this.admission = URI.create(orderService.replaceAll("/+$", "") + "/admission");
        this.json = json;
    }

    /** order-service's answer with {@code reachable: true}, or {@code reachable: false} and why. */
    public JsonNode state(String authorization) {
        ObjectNode answer = json.createObjectNode();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(admission).timeout(Duration.ofSeconds(2))
                    .header("Accept", "application/json");
            if (authorization != null && !authorization.isBlank()) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return answer.put("reachable", false).put("detail", admission + " answered " + response.statusCode());
            }
            JsonNode door = json.readTree(response.body());
            if (door instanceof ObjectNode object) {
                answer.setAll(object);
            }
            return answer.put("reachable", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer.put("reachable", false).put("detail", "interrupted");
        } catch (java.io.IOException | RuntimeException e) {
            return answer.put("reachable", false).put("detail", admission + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
