using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OrderStatus.Api.Access;
using OrderStatus.Api.Dialects.CustomGateway;
using OrderStatus.Api.Dialects.NGenius;
using OrderStatus.Api.Dialects.PitneyBowes;
using OrderStatus.Api.Dialects.Retailys;
using OrderStatus.Api.Surfaces;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Dialects;

internal static class DialectsSetup
{
    /// <summary>The seed dialects of issues 11 and 12, each a surface of its own (routes, auth scheme, errors, OpenAPI document).</summary>
    public static IServiceCollection AddOrderStatusDialects(this IServiceCollection services) => services
        .AddCustomGatewayDialect()
        .AddPitneyBowesDialect()
        .AddNGeniusDialect()
        .AddRetailysDialect();
}

/// <summary>An error answered by an endpoint itself, in the shape of the endpoint's surface.</summary>
internal sealed class SurfaceErrorResult(ApiError error) : IResult
{
    public ApiError Error => error;

    public Task ExecuteAsync(HttpContext httpContext) => ErrorResponses.WriteAsync(httpContext, error);
}

/// <summary>The caller's merchant as the dialects name it.</summary>
internal sealed record CallerMerchant(Guid Id, string Name, long AccountNumber);

internal static class DialectSupport
{
    /// <summary>Bodies read by hand: a repeated member (<c>{"status":8,"status":128}</c>) is malformed, not "the first one wins".</summary>
    public static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    public static SurfaceErrorResult Error(ErrorKind kind, string code, string detail, IReadOnlyDictionary<string, string[]>? fieldErrors = null) =>
        new(new ApiError(kind, code) { Detail = detail, FieldErrors = fieldErrors });

    public static SurfaceErrorResult OrderNotFound(string detail = "Order not found.") =>
        Error(ErrorKind.NotFound, UseCaseCodes.OrderNotFound, detail);

    /// <summary>The raw request body (the size limit applies: a larger one answers 413 in the surface's shape).</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>The authenticated caller's merchant (tenancy comes from the verified principal only).</summary>
    public static Task<CallerMerchant> CurrentMerchantAsync(OrdersDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        MerchantAsync(
            db,
            CallerPrincipal.Read(user)?.MerchantId ?? throw new InvalidOperationException("A dialect endpoint ran without an authenticated caller."),
            ct);

    /// <summary>A verified caller's merchant (a token endpoint has the caller before there is a principal).</summary>
    public static Task<CallerMerchant> MerchantAsync(OrdersDbContext db, Guid merchantId, CancellationToken ct) =>
        db.Merchants.AsNoTracking()
            .Where(m => m.Id == merchantId)
            .Select(m => new CallerMerchant(m.Id, m.Name, m.AccountNumber))
            .SingleAsync(ct);

    /// <summary>An order's whole history, oldest first (paged through the canonical history query).</summary>
    public static async Task<List<HistoryEntryView>> AllHistoryAsync(OrderQueries queries, OrderKey key, CancellationToken ct)
    {
        var all = new List<HistoryEntryView>();
        string? cursor = null;
        do
        {
            var page = await queries.HistoryAsync(key, new HistoryQuery(cursor, 200), ct);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return all;
    }

    /// <summary>The scheme and host the caller used, for absolute links (HAL <c>href</c>s).</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}";
}
