using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus.Api.Idempotency;
using OrderStatus.Api.OpenApi;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.OpenApi;

/// <summary>
/// Every operation of every Swagger document lists the request headers its endpoint honours, and no others:
/// <c>X-Request-Id</c> everywhere, <c>Idempotency-Key</c> on idempotent writes, <c>If-Match</c>/<c>If-None-Match</c>
/// where the endpoint reads them.
/// </summary>
public sealed class HeaderParameterTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public static TheoryData<string> Documents() => ["v1", "custom-gateway", "pitney-bowes", "n-genius", "retailys", "parcellab", "tracking"];

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Every_operation_documents_exactly_the_headers_its_endpoint_honours(string documentName)
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/swagger/{documentName}/swagger.json");
        var endpoints = factory.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .Where(d => d.GroupName == documentName || (d.GroupName is null && documentName == "v1"))
            .ToList();
        Assert.NotEmpty(endpoints);

        foreach (var endpoint in endpoints)
        {
            // Swashbuckle writes route templates without constraints ({id:guid} → {id}).
            var path = "/" + Regex.Replace(endpoint.RelativePath!.Split('?')[0].TrimEnd('/'), ":[^}]+", string.Empty);
            Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} missing in {documentName}");
            var operation = item.GetProperty(endpoint.HttpMethod!.ToLowerInvariant());
            var headers = Headers(operation);
            var metadata = endpoint.ActionDescriptor.EndpointMetadata;
            var where = $"{endpoint.HttpMethod} {path} in {documentName}";

            Assert.True(headers.ContainsKey("X-Request-Id"), $"X-Request-Id missing on {where}");
            var idempotent = IsWrite(endpoint.HttpMethod) && metadata.OfType<IdempotencyMetadata>().LastOrDefault() is { Enabled: true };
            Assert.True(idempotent == headers.ContainsKey("Idempotency-Key"), $"Idempotency-Key on {where}: expected {idempotent}");
            var conditional = metadata.OfType<ConditionalRequestMetadata>().ToList();
            Assert.True(conditional.Any(c => c.IfMatch) == headers.ContainsKey("If-Match"), $"If-Match on {where}");
            Assert.True(conditional.Any(c => c.IfNoneMatch) == headers.ContainsKey("If-None-Match"), $"If-None-Match on {where}");
            foreach (var (name, description) in headers)
            {
                Assert.False(string.IsNullOrWhiteSpace(description), $"{name} on {where} has no description");
            }
        }
    }

    [Fact]
    public async Task The_canonical_order_writes_take_if_match_and_idempotency_key_and_the_reads_if_none_match()
    {
        // Independent of the metadata: what SPEC section 7 and the README promise for the canonical orders API.
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/orders", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var headers = Headers(operation.Value);
                var where = $"{operation.Name} {path.Name}";
                if (operation.Name == "get")
                {
                    Assert.True(path.Name is not "/api/v1/orders/{id}/trackings" and not "/api/v1/orders/{id}/history" == headers.ContainsKey("If-None-Match"), $"If-None-Match on {where}");
                }
                else
                {
                    Assert.True(headers.ContainsKey("Idempotency-Key"), $"Idempotency-Key missing on {where}");
                    // Creating an order and signing a tracking link change no existing order version.
                    Assert.True(path.Name is not "/api/v1/orders" and not "/api/v1/orders/{id}/tracking-link" == headers.ContainsKey("If-Match"), $"If-Match on {where}");
                }
            }
        }
    }

    private static bool IsWrite(string? method) => method is "POST" or "PUT" or "PATCH" or "DELETE";

    private static Dictionary<string, string?> Headers(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray()
                .Where(p => p.GetProperty("in").GetString() == "header")
                .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.TryGetProperty("description", out var d) ? d.GetString() : null, StringComparer.Ordinal)
            : [];
}
