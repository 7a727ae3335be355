using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.OpenApi;

/// <summary>
/// Over the whole generated documents: every error response of the canonical API refers to the one
/// <c>Problem</c> schema, and no schema of any document leaves an open map without an example (Swagger UI would
/// show <c>additionalProp1</c>).
/// </summary>
public sealed class ProblemSchemaTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string ProblemRef = "#/components/schemas/Problem";

    [Fact]
    public async Task Every_error_response_of_the_canonical_api_refers_to_the_one_problem_schema()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var checkedResponses = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                foreach (var response in operation.Value.GetProperty("responses").EnumerateObject().Where(r => int.Parse(r.Name) >= 400))
                {
                    var where = $"{response.Name} of {operation.Name} {path.Name}";
                    Assert.True(response.Value.TryGetProperty("content", out var content), $"{where} documents no body");
                    // Documented exceptions: the token endpoint answers RFC 6749 errors (400, 401); readiness answers its health report.
                    if ((path.Name == "/api/v1/auth/token" && response.Name is "400" or "401") || (path.Name.StartsWith("/health", StringComparison.Ordinal) && response.Name == "503"))
                    {
                        Assert.False(content.TryGetProperty("application/problem+json", out _), where);
                        continue;
                    }

                    Assert.Equal<string>([ProblemRef], content.EnumerateObject().Select(m => m.Value.GetProperty("schema").GetProperty("$ref").GetString()!).ToArray());
                    Assert.True(content.TryGetProperty("application/problem+json", out _), $"{where} is not problem+json");
                    checkedResponses++;
                }
            }
        }

        Assert.True(checkedResponses > 100, $"only {checkedResponses} error responses");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.False(schemas.TryGetProperty("ProblemDetails", out _));
        Assert.False(schemas.TryGetProperty("HttpValidationProblemDetails", out _));
        var problem = schemas.GetProperty("Problem");
        foreach (var member in new[] { "type", "title", "status", "detail", "instance", "code", "requestId", "errors" })
        {
            var property = problem.GetProperty("properties").GetProperty(member);
            Assert.False(string.IsNullOrWhiteSpace(property.GetProperty("description").GetString()), $"{member} has no description");
        }

        var errorsExample = problem.GetProperty("properties").GetProperty("errors").GetProperty("example");
        Assert.All(errorsExample.EnumerateObject(), e => Assert.NotEmpty(e.Value.EnumerateArray()));
    }

    [Theory]
    [MemberData(nameof(HeaderParameterTests.Documents), MemberType = typeof(HeaderParameterTests))]
    public async Task No_schema_has_an_open_map_without_an_example(string documentName)
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/swagger/{documentName}/swagger.json");
        var open = new List<string>();
        Walk(document, "#", open);
        Assert.True(open.Count == 0, "open additionalProperties without example (additionalProp1 in Swagger UI): " + string.Join(", ", open));
    }

    private static void Walk(JsonElement node, string where, List<string> open)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                if (node.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind != JsonValueKind.False
                    && !node.TryGetProperty("example", out _))
                {
                    open.Add(where);
                }

                foreach (var property in node.EnumerateObject().Where(p => p.Name != "example"))
                {
                    Walk(property.Value, where + "/" + property.Name, open);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in node.EnumerateArray())
                {
                    Walk(item, $"{where}/{i++}", open);
                }

                break;
        }
    }
}
