using System.Net;
using System.Net.Http.Json;
using OrderStatus.Api.Tests.Infrastructure;

namespace OrderStatus.Api.Tests.Orders;

public sealed class CustomStatusesApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_catalogue_lists_statuses_codes_and_custom_statuses_which_can_be_set_renamed_and_deleted()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var catalogue = await OrderApi.OkJsonAsync(await client.GetAsync("/api/v1/statuses"));
        Assert.Equal(7, catalogue.GetProperty("statuses").GetArrayLength());
        Assert.Equal(9, catalogue.GetProperty("fulfilmentCodes").GetArrayLength());
        Assert.Equal(0, catalogue.GetProperty("customStatuses").GetArrayLength());

        var label = await OrderApi.OkJsonAsync(
            await client.PostAsJsonAsync("/api/v1/statuses/custom", new { name = "Awaiting stock", color = "#ffaa00", icon = "box", sort = 2 }),
            HttpStatusCode.Created);
        var finished = await OrderApi.OkJsonAsync(
            await client.PostAsJsonAsync("/api/v1/statuses/custom", new { name = "Archived", sort = 1, effect = "done" }),
            HttpStatusCode.Created);
        Assert.Equal("none", label.GetProperty("effect").GetString());
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/v1/statuses/custom", new { name = "X", effect = "explode" }), HttpStatusCode.BadRequest, "validation_failed");

        var listed = await OrderApi.OkJsonAsync(await client.GetAsync("/api/v1/statuses"));
        Assert.Equal(["Archived", "Awaiting stock"], listed.GetProperty("customStatuses").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        var id = (await OrderApi.CreateAsync(client)).Id();
        var set = await OrderApi.OkJsonAsync(await client.PatchAsJsonAsync($"/api/v1/orders/{id}/status", new { customStatusId = label.Id() }));
        Assert.Equal("Awaiting stock", set.GetProperty("customStatus").GetProperty("name").GetString());
        Assert.Equal("created", set.Status());

        var renamed = await OrderApi.OkJsonAsync(await client.PutAsJsonAsync($"/api/v1/statuses/custom/{label.Id()}", new { name = "Backorder", sort = 3 }));
        Assert.Equal("Backorder", renamed.GetProperty("name").GetString());
        var status = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{id}/status"));
        Assert.Equal("Backorder", status.GetProperty("customStatus").GetProperty("name").GetString());

        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/api/v1/statuses/custom/{label.Id()}"), HttpStatusCode.Conflict, "custom_status_in_use");

        // An effect performs the transition: created → done is not in the table.
        await ProblemAssert.IsProblemAsync(await client.PatchAsJsonAsync($"/api/v1/orders/{id}/status", new { customStatusId = finished.Id() }), HttpStatusCode.Conflict, "invalid_transition");
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/sent"));
        var done = await OrderApi.OkJsonAsync(await client.PatchAsJsonAsync($"/api/v1/orders/{id}/status", new { customStatusId = finished.Id() }));
        Assert.Equal("done", done.Status());
        Assert.Equal(finished.Id(), done.GetProperty("customStatus").Id());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/statuses/custom/{label.Id()}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/api/v1/statuses/custom/{label.Id()}"), HttpStatusCode.NotFound, "custom_status_not_found");
    }
}
