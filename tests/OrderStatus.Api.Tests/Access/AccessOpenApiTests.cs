using System.Net.Http.Json;
using System.Text.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Access;

public sealed class AccessOpenApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Swagger_offers_basic_bearer_and_client_credentials_on_protected_operations_only()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("basic", schemes.GetProperty("basic").GetProperty("scheme").GetString());
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("/api/v1/auth/token",
            schemes.GetProperty("oauth2").GetProperty("flows").GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());

        var paths = document.GetProperty("paths");
        var me = paths.GetProperty("/api/v1/me").GetProperty("get");
        var alternatives = me.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList();
        Assert.Equal(["basic", "bearer", "oauth2"], alternatives);
        Assert.False(paths.GetProperty("/health/live").GetProperty("get").TryGetProperty("security", out _));
        Assert.False(document.TryGetProperty("security", out _));

        var token = paths.GetProperty("/api/v1/auth/token").GetProperty("post");
        Assert.False(token.TryGetProperty("security", out _));
        var content = token.GetProperty("requestBody").GetProperty("content");
        Assert.True(content.TryGetProperty("application/x-www-form-urlencoded", out _));
        Assert.True(content.TryGetProperty("application/json", out _));
        Assert.True(token.GetProperty("responses").TryGetProperty("401", out _));
    }
}
