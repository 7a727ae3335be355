using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Database;

namespace OrderStatus.Api.Tests.OpenApi;

/// <summary>
/// Every request body of the canonical API has an example, and the examples can be sent as they are: the values that
/// must be unique (order references, tracking and payment references) differ from each other, from the README's
/// walk-through and from the bulk seed's (<c>SEED-n</c>, <c>TRK</c> + 10 digits); create-order's reference is new in
/// every document, so "Execute" after reloading Swagger UI does not answer 409 <c>duplicate_reference</c>.
/// </summary>
public sealed partial class RequestExampleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly string[] UniqueMembers = ["reference", "trackingNumber", "paymentReference"];

    [Fact]
    public async Task Every_request_body_of_the_canonical_api_has_an_example()
    {
        var document = await Document();
        var bodies = 0;
        foreach (var (where, media) in RequestBodies(document))
        {
            Assert.True(media.TryGetProperty("example", out var example) && example.ValueKind == JsonValueKind.Object, $"{where} has no example");
            bodies++;
        }

        Assert.True(bodies >= 22, $"only {bodies} request bodies");
    }

    [Fact]
    public async Task Unique_values_in_the_examples_collide_neither_with_each_other_nor_with_the_readme_nor_with_the_seed()
    {
        var document = await Document();
        var readme = await File.ReadAllTextAsync(Path.Combine(DatabaseBootstrap.RepositoryRoot(AppContext.BaseDirectory), "README.md"));
        var values = new List<(string Where, string Member, string Value)>();
        foreach (var (where, media) in RequestBodies(document))
        {
            // The same example under two media types (the token endpoint's form and JSON) is one example.
            if (where.EndsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
            {
                continue;
            }

            Collect(media.GetProperty("example"), where, values);
        }

        Assert.Contains(values, v => v.Member == "reference");
        Assert.Contains(values, v => v.Member == "trackingNumber");
        foreach (var group in values.GroupBy(v => v.Value, StringComparer.OrdinalIgnoreCase))
        {
            Assert.True(group.Count() == 1, $"{group.Key} is in {string.Join(", ", group.Select(g => g.Where))}");
        }

        foreach (var (where, member, value) in values)
        {
            Assert.False(readme.Contains(value, StringComparison.OrdinalIgnoreCase), $"{member} {value} of {where} is also in the README");
            Assert.False(SeedValue().IsMatch(value), $"{member} {value} of {where} looks like a seeded order's");
        }
    }

    [Fact]
    public async Task Create_orders_example_is_new_in_every_document_and_can_be_sent_twice()
    {
        var first = CreateExample(await Document());
        var second = CreateExample(await Document());
        Assert.NotEqual(first.GetProperty("reference").GetString(), second.GetProperty("reference").GetString());

        var tenant = await factory.CreateTenantAsync("Examples");
        using var client = factory.CreateClientFor(tenant);
        foreach (var example in new[] { first, second })
        {
            using var response = await client.PostAsync("/api/v1/orders", new StringContent(example.GetRawText(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    [Fact]
    public async Task No_idempotency_key_has_an_example()
    {
        // Swagger UI pre-fills "Try it out" with an example: a shared key would replay someone else's answer.
        var document = await Document();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("parameters", out _)))
            {
                foreach (var parameter in operation.Value.GetProperty("parameters").EnumerateArray()
                             .Where(p => p.GetProperty("name").GetString() == "Idempotency-Key"))
                {
                    Assert.False(parameter.TryGetProperty("example", out _), $"{operation.Name} {path.Name}");
                    Assert.False(parameter.GetProperty("schema").TryGetProperty("example", out _), $"{operation.Name} {path.Name}");
                }
            }
        }
    }

    private async Task<JsonElement> Document() =>
        await factory.CreateClient().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

    private static JsonElement CreateExample(JsonElement document) =>
        document.GetProperty("paths").GetProperty("/api/v1/orders").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");

    private static IEnumerable<(string Where, JsonElement Media)> RequestBodies(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        where operation.Value.TryGetProperty("requestBody", out _)
        from media in operation.Value.GetProperty("requestBody").GetProperty("content").EnumerateObject()
        select ($"{operation.Name} {path.Name} {media.Name}", media.Value);

    private static void Collect(JsonElement node, string where, List<(string, string, string)> values)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in node.EnumerateObject())
                {
                    if (UniqueMembers.Contains(property.Name, StringComparer.Ordinal) && property.Value.ValueKind == JsonValueKind.String)
                    {
                        values.Add((where, property.Name, property.Value.GetString()!));
                    }
                    else
                    {
                        Collect(property.Value, where, values);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in node.EnumerateArray())
                {
                    Collect(item, where, values);
                }

                break;
        }
    }

    // BulkSeeder: references SEED-<n>, tracking numbers TRK + 10 digits.
    [GeneratedRegex(@"^(SEED-\d+|TRK\d{10})$", RegexOptions.IgnoreCase)]
    private static partial Regex SeedValue();
}
