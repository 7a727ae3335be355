using System.Net;
using System.Net.Http.Json;
using OrderStatus.Api.Tests.Infrastructure;

// Test data reads best as inline arrays; they are not on a hot path.
#pragma warning disable CA1861

namespace OrderStatus.Api.Tests.Orders;

/// <summary>Every path of the lifecycle table of SPEC section 3 over HTTP, plus codes, holds and repeats.</summary>
public sealed class LifecycleApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public static TheoryData<string[]> Paths => new()
    {
        new[] { "paid", "in-fulfilment", "sent", "delivered", "done" },
        new[] { "paid", "sent", "done" },
        new[] { "in-fulfilment", "sent", "delivered", "done" },
        new[] { "sent", "delivered", "done" },
        new[] { "cancel" },
        new[] { "paid", "cancel" },
        new[] { "paid", "in-fulfilment", "cancel" },
        new[] { "in-fulfilment", "cancel" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Every_allowed_path_of_the_lifecycle_table_works_over_http(string[] steps)
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var order = await OrderApi.CreateAsync(client);
        var version = order.Version();
        foreach (var step in steps)
        {
            var after = await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{order.Id()}/{step}"));
            Assert.Equal(Wire(step), after.Status());
            Assert.Equal(++version, after.Version());
        }

        var history = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{order.Id()}/history"));
        var changes = history.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "STATUS_CHANGED")
            .Select(e => e.GetProperty("toStatus").GetString()).ToList();
        Assert.Equal(steps.Select(Wire), changes);
    }

    [Theory]
    [InlineData(new string[0], "delivered")]
    [InlineData(new string[0], "done")]
    [InlineData(new[] { "paid" }, "delivered")]
    [InlineData(new[] { "in-fulfilment" }, "paid")]
    [InlineData(new[] { "sent" }, "cancel")]
    [InlineData(new[] { "sent", "delivered" }, "cancel")]
    [InlineData(new[] { "cancel" }, "paid")]
    [InlineData(new[] { "sent", "done" }, "delivered")]
    public async Task Forbidden_moves_answer_409_invalid_transition_with_the_allowed_next(string[] before, string step)
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var order = await OrderApi.CreateAsync(client);
        foreach (var s in before)
        {
            await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{order.Id()}/{s}"));
        }

        var current = await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{order.Id()}/status"));
        var problem = await ProblemAssert.IsProblemAsync(
            await OrderApi.PostAsync(client, $"/api/v1/orders/{order.Id()}/{step}"), HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal(current.Status(), problem.GetProperty("currentStatus").GetString());
        Assert.Equal(
            current.GetProperty("allowedNext").EnumerateArray().Select(e => e.GetString()),
            problem.GetProperty("allowedNext").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(current.Version(), (await OrderApi.OkJsonAsync(await client.GetAsync($"/api/v1/orders/{order.Id()}/status"))).Version());
    }

    [Fact]
    public async Task Repeating_a_transition_is_a_no_op_that_keeps_the_version()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client)).Id();
        var paid = await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/paid", new { amount = 31.5m, paymentReference = "p-1" }));
        var again = await OrderApi.OkJsonAsync(await client.PatchAsJsonAsync($"/api/v1/orders/{id}/status", new { status = "paid" }));

        Assert.Equal(paid.Version(), again.Version());
        Assert.Equal(31.5m, again.GetProperty("paidAmount").GetDecimal());
        Assert.Equal("p-1", again.GetProperty("paymentReference").GetString());
    }

    [Fact]
    public async Task Paid_amounts_must_fit_the_currency_precision()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client)).Id();
        var problem = await ProblemAssert.IsProblemAsync(
            await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/paid", new { amount = 1.234m }), HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("amount", out _));
    }

    [Fact]
    public async Task Fulfilment_codes_follow_the_table_and_unknown_codes_answer_422()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client)).Id();
        var path = $"/api/v1/orders/{id}/status";

        var supplier = await OrderApi.OkJsonAsync(await client.PatchAsJsonAsync(path, new { code = 512 }));
        Assert.Equal("in_fulfilment", supplier.Status());
        var received = await OrderApi.OkJsonAsync(await client.PatchAsJsonAsync(path, new { code = 513 }));
        Assert.Equal(513, received.GetProperty("fulfilmentCode").GetInt32());
        Assert.Equal(supplier.Version() + 1, received.Version());

        var unknown = await ProblemAssert.IsProblemAsync(await client.PatchAsJsonAsync(path, new { code = 300 }), HttpStatusCode.UnprocessableEntity, "unknown_fulfilment_code");
        Assert.Contains(516, unknown.GetProperty("validCodes").EnumerateArray().Select(e => e.GetInt32()));

        var qc = await OrderApi.OkJsonAsync(await client.PatchAsJsonAsync(path, new { code = 32 }));
        Assert.True(qc.GetProperty("onHold").GetBoolean());
        Assert.Equal("QC_QUERY", qc.GetProperty("holdReasons")[0].GetString());
        await ProblemAssert.IsProblemAsync(await client.PatchAsJsonAsync(path, new { code = 8 }), HttpStatusCode.Conflict, "order_on_hold");
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/release"));

        var sent = await OrderApi.OkJsonAsync(await client.PatchAsJsonAsync(path, new { code = 8, tracking = new { trackingNumber = "1Z999", carrier = "UPS" } }));
        Assert.Equal("sent", sent.Status());
        Assert.Equal("1Z999", sent.GetProperty("trackings")[0].GetProperty("trackingNumber").GetString());
    }

    [Fact]
    public async Task The_generic_status_patch_takes_exactly_one_of_status_code_or_custom_status()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client)).Id();
        var path = $"/api/v1/orders/{id}/status";

        await ProblemAssert.IsProblemAsync(await client.PatchAsJsonAsync(path, new { }), HttpStatusCode.BadRequest, "validation_failed");
        await ProblemAssert.IsProblemAsync(await client.PatchAsJsonAsync(path, new { status = "paid", code = 8 }), HttpStatusCode.BadRequest, "validation_failed");
        await ProblemAssert.IsProblemAsync(await client.PatchAsJsonAsync(path, new { status = "shipped" }), HttpStatusCode.BadRequest, "validation_failed");
        await ProblemAssert.IsProblemAsync(await client.PatchAsJsonAsync(path, new { status = 5 }), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await client.PatchAsJsonAsync(path, new { customStatusId = Guid.NewGuid() }), HttpStatusCode.NotFound, "custom_status_not_found");

        var cancelled = await OrderApi.OkJsonAsync(await client.PatchAsJsonAsync(path, new { status = "cancelled", reason = "customer changed mind" }));
        Assert.Equal("cancelled", cancelled.Status());
        Assert.Equal("customer changed mind", cancelled.GetProperty("cancelReason").GetString());
    }

    [Fact]
    public async Task Holds_block_forward_moves_but_not_cancelling()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client)).Id();

        var held = await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/hold", new { reasons = new[] { "ADDRESS_CHECK" } }));
        Assert.Equal(["cancelled"], held.GetProperty("allowedNext").EnumerateArray().Select(e => e.GetString()));
        var problem = await ProblemAssert.IsProblemAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/paid"), HttpStatusCode.Conflict, "order_on_hold");
        Assert.Equal("created", problem.GetProperty("currentStatus").GetString());

        var released = await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/release"));
        Assert.False(released.GetProperty("onHold").GetBoolean());
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/hold"));
        var cancelled = await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/cancel", new { reason = "fraud" }));
        Assert.Equal("cancelled", cancelled.Status());
        Assert.False(cancelled.GetProperty("onHold").GetBoolean());
        await ProblemAssert.IsProblemAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/hold"), HttpStatusCode.Conflict, "order_closed");
    }

    [Fact]
    public async Task Collection_status_needs_a_paid_order()
    {
        var client = factory.CreateClientFor(await factory.CreateTenantAsync());
        var id = (await OrderApi.CreateAsync(client)).Id();
        var path = $"/api/v1/orders/{id}/collection-status";

        await ProblemAssert.IsProblemAsync(await client.PutAsJsonAsync(path, new { collectionStatus = "COLLECTED" }), HttpStatusCode.Conflict, "not_paid");
        await OrderApi.OkJsonAsync(await OrderApi.PostAsync(client, $"/api/v1/orders/{id}/paid"));
        await ProblemAssert.IsProblemAsync(await client.PutAsJsonAsync(path, new { collectionStatus = "LOST" }), HttpStatusCode.BadRequest, "validation_failed");
        var collected = await OrderApi.OkJsonAsync(await client.PutAsJsonAsync(path, new { collectionStatus = "COLLECTED" }));
        Assert.Equal("COLLECTED", collected.GetProperty("collectionStatus").GetString());
    }

    private static string Wire(string step) => step switch
    {
        "in-fulfilment" => "in_fulfilment",
        "cancel" => "cancelled",
        _ => step,
    };
}
