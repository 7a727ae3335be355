using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Access;

internal static class MeEndpoints
{
    public static IEndpointRouteBuilder MapMeEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", async Task<Ok<MeResponse>> (ClaimsPrincipal user, OrdersDbContext db, CancellationToken ct) =>
            {
                var merchantId = Guid.Parse(user.FindFirstValue(AccessClaims.MerchantId)!);
                var merchant = await db.Merchants.Where(m => m.Id == merchantId).Select(m => new { m.Name, m.AccountNumber }).SingleAsync(ct);
                return TypedResults.Ok(new MeResponse(
                    new MeMerchant(merchantId, merchant.AccountNumber, merchant.Name),
                    user.FindFirstValue(AccessClaims.ClientId)!,
                    user.FindAll(AccessClaims.Scope).Select(c => c.Value).ToList()));
            })
            .RequireAuthorization()
            .WithTags("Access")
            .WithName("GetMe")
            .WithSummary("Who am I: the caller's merchant, client and scopes.")
            .WithDescription("The smallest authenticated endpoint; use it to check credentials.");
        return api;
    }
}

/// <summary>The caller: its merchant, API client and the scopes of these credentials.</summary>
internal sealed record MeResponse(MeMerchant Merchant, string ClientId, IReadOnlyList<string> Scopes);

/// <summary><c>accountNumber</c> is the merchant's integer alias (global), which dialects with integer accounts use.</summary>
/// <summary>The caller's merchant.</summary>
/// <param name="AccountNumber">The merchant's number (global); the compatibility dialects use it as their account or client id.</param>
internal sealed record MeMerchant(Guid Id, long AccountNumber, string Name);
