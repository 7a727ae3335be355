using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using OrderStatus.Api.Access;
using OrderStatus.Api.Idempotency;
using OrderStatus.Api.OpenApi;
using OrderStatus.Api.Surfaces;
using OrderStatus.Api.Tests.Infrastructure;
using OrderStatus.Application.Access;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Persistence;

namespace OrderStatus.Api.Tests.Surfaces;

/// <summary>
/// A tiny dialect that exists only in the tests: it proves that a surface declares its own error
/// shape (<c>{message, detail}</c>), auth scheme (<c>token:</c> header), idempotency and OpenAPI
/// document through the seams, without touching the canonical API.
/// </summary>
public sealed class SampleSurfaceFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Limits:MaxRequestBodyBytes"] = "4096",
    };

    protected override void ConfigureTestServices(IServiceCollection services) => SampleSurfaceRegistration.Register(services);
}

/// <summary>What a dialect registers: its endpoints, its scheme, its OpenAPI document.</summary>
internal static class SampleSurfaceRegistration
{
    public static void Register(IServiceCollection services)
    {
        services.AddEndpointModule<SampleSurfaceModule>();
        services.AddCallerScheme<SampleAuthenticationHandler>(SampleAuthenticationHandler.SchemeName);
        services.AddSurfaceOpenApiDocument(new SurfaceOpenApiDocument(
            SampleSurfaceModule.DocumentName,
            "Sample compatibility",
            "A test dialect.",
            new Dictionary<string, OpenApiSecurityScheme>
            {
                ["token"] = new() { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "token", Description = "clientId:secret or an access token." },
            }));
    }
}

/// <summary>The sample dialect's errors: <c>{"message", "detail"}</c> with statuses of its own choosing.</summary>
internal sealed class SampleErrors : IErrorShape
{
    public Task WriteAsync(HttpContext context, ApiError apiError)
    {
        context.Response.StatusCode = apiError.Kind switch
        {
            ErrorKind.Unauthenticated => 401,
            ErrorKind.Forbidden => 403,
            ErrorKind.NotFound or ErrorKind.RouteNotFound => 404,
            ErrorKind.MethodNotAllowed => 405,
            ErrorKind.Conflict => 409,
            ErrorKind.PayloadTooLarge => 413,
            ErrorKind.UnsupportedMediaType => 415,
            ErrorKind.RateLimited => 429,
            ErrorKind.Internal or ErrorKind.Unavailable => 500,
            _ => 400, // this dialect answers every other refusal with 400
        };
        context.Response.Headers["X-Sample-Error"] = apiError.Code;
        return context.Response.WriteAsJsonAsync(new SampleError(apiError.Title ?? apiError.Code, apiError.Detail ?? apiError.Code));
    }
}

internal sealed record SampleError(string Message, string Detail);

/// <summary>The sample dialect's scheme: <c>token: clientId:secret</c> or <c>token: &lt;access token&gt;</c>.</summary>
internal sealed class SampleAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, CallerCredentials credentials)
    : CallerAuthenticationHandler(options, logger, encoder, credentials)
{
    public const string SchemeName = "Sample";

    protected override string MissingCredentialsDetail => "Send a token header.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Headers["token"].ToString();
        if (token.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var check = CallerCredentials.TrySplit(token, out var clientId, out var secret)
            ? await Credentials.CheckSecretAsync(clientId, secret, "token", Context.RequestAborted)
            : await Credentials.CheckAccessTokenAsync(token, "token", Context.RequestAborted);
        return check.ToResult(Scheme.Name);
    }
}

internal sealed class SampleSurfaceModule : IEndpointModule
{
    public const string DocumentName = "sample";

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        var sample = app.MapGroup("/sample")
            .WithErrorShape<SampleErrors>()
            .WithAuthenticationScheme(SampleAuthenticationHandler.SchemeName)
            .WithIdempotency()
            .WithGroupName(DocumentName);

        sample.MapGet("/orders/{id:guid}", async (Guid id, OrderQueries orders, CancellationToken ct) =>
            {
                var order = await orders.GetAsync(id, ct);
                return Results.Ok(new SampleOrder(order.Id, order.Reference, order.Status));
            })
            .RequireAuthorization(Scopes.OrdersRead);

        sample.MapPost("/orders", async (SampleCreate body, OrderCommands orders, CancellationToken ct) =>
            {
                var order = await orders.CreateAsync(new CreateOrder { Reference = body.Ref, Currency = "EUR" }, ct);
                return Results.Json(new SampleOrder(order.Id, order.Reference, order.Status), statusCode: 201);
            })
            .RequireAuthorization(Scopes.OrdersWrite);

        sample.MapGet("/whoami", (HttpContext http) => Results.Ok(CallerPrincipal.Read(http.User)));

        sample.MapGet("/public", () => Results.Ok(new { open = true })).AllowAnonymous();

        // The tenant the request's DbContext is scoped to.
        sample.MapGet("/tenant", (OrdersDbContext db) => Results.Ok(new { db.MerchantId }));
        sample.MapGet("/public/tenant", (OrdersDbContext db) => Results.Ok(new { db.MerchantId })).AllowAnonymous();

        // Stands in for the public-tracking code: once it has verified a link (here: trusted), it scopes the request.
        sample.MapGet("/track/{merchantId:guid}/{orderId:guid}", async (
                Guid merchantId, Guid orderId, bool? grant, TenantScope tenant, OrderQueries orders, CancellationToken ct) =>
            {
                if (grant == true)
                {
                    tenant.UseTrackingGrant(new VerifiedTrackingGrant(merchantId, orderId, TrackingGrantKind.SignedLink));
                }

                var order = await orders.GetAsync(orderId, ct);
                return Results.Ok(new SampleOrder(order.Id, order.Reference, order.Status));
            })
            .AllowAnonymous();

        // Mapped with no authorization metadata at all, outside any surface: the fallback policy closes it.
        app.MapGet("/unmapped-policy/ping", () => Results.Ok(new { pong = true }));
    }
}

internal sealed record SampleCreate(string Ref);

internal sealed record SampleOrder(Guid Id, string Reference, string Status);

internal static class SampleHeaders
{
    public static void Token(this HttpRequestHeaders headers, TestTenant tenant) =>
        headers.Add("token", $"{tenant.ClientId}:{tenant.Secret}");
}
