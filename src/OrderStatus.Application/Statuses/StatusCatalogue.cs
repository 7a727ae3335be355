using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Persistence;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Statuses;

/// <summary>The status catalogue (SPEC section 5): canonical statuses, fulfilment codes and the merchant's custom statuses.</summary>
public sealed class StatusCatalogue(OrdersDbContext db, TimeProvider clock)
{
    private static readonly IReadOnlyList<CanonicalStatusView> Canonical =
        [.. OrderStates.All.Select(s => new CanonicalStatusView(
            s.ToWireName(),
            [.. OrderLifecycle.AllowedNext(s).Select(n => n.ToWireName())],
            OrderLifecycle.IsTerminal(s)))];

    private static readonly IReadOnlyList<FulfilmentCodeView> Codes =
        [.. FulfilmentCode.All.Select(c => new FulfilmentCodeView(
            c.Value,
            c.Name,
            c.Effect == FulfilmentEffect.Hold ? "hold" : "status",
            c.TargetState?.ToWireName(),
            c.HoldReason))];

    public async Task<CatalogueView> GetAsync(CancellationToken ct)
    {
        var custom = await db.CustomStatuses.AsNoTracking()
            .OrderBy(s => s.Sort).ThenBy(s => s.Name).ThenBy(s => s.Id)
            .ToListAsync(ct);
        return new CatalogueView(Canonical, Codes, [.. custom.Select(CustomStatusView.From)]);
    }

    public async Task<CustomStatusView> CreateAsync(CustomStatusRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var status = new CustomStatus
        {
            Id = Guid.CreateVersion7(now),
            MerchantId = db.MerchantId,
            Name = request.Name!.Trim(),
            CreatedAt = now,
        };
        Apply(status, request, now);
        db.CustomStatuses.Add(status);
        await db.SaveChangesAsync(ct);
        return CustomStatusView.From(status);
    }

    /// <summary>Replaces name, colour, icon, sort and effect.</summary>
    public async Task<CustomStatusView> UpdateAsync(Guid id, CustomStatusRequest request, CancellationToken ct)
    {
        var status = await db.CustomStatuses.SingleOrDefaultAsync(s => s.Id == id, ct)
            ?? throw UseCaseProblem.CustomStatusNotFound(id);
        Apply(status, request, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return CustomStatusView.From(status);
    }

    /// <summary>Refused with 409 while any order carries the status (also guarded by a foreign key).</summary>
    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        var status = await db.CustomStatuses.SingleOrDefaultAsync(s => s.Id == id, ct)
            ?? throw UseCaseProblem.CustomStatusNotFound(id);
        if (await db.Orders.AnyAsync(o => o.CustomStatusId == id, ct))
        {
            throw InUse(id);
        }

        db.CustomStatuses.Remove(status);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            db.ChangeTracker.Clear();
            throw InUse(id);
        }
    }

    private static UseCaseProblem InUse(Guid id) =>
        new(UseCaseProblemKind.Conflict, UseCaseCodes.CustomStatusInUse, $"Custom status {id} is set on at least one order; set another status on those orders first.");

    private static void Apply(CustomStatus status, CustomStatusRequest request, DateTimeOffset now)
    {
        status.Name = request.Name!.Trim();
        status.Color = request.Color;
        status.Icon = request.Icon;
        status.Sort = request.Sort ?? 0;
        status.Effect = request.Effect is null ? CustomStatusEffect.None : CustomStatusEffects.Parse(request.Effect);
        status.UpdatedAt = now;
    }
}

public sealed record CatalogueView(
    IReadOnlyList<CanonicalStatusView> Statuses,
    IReadOnlyList<FulfilmentCodeView> FulfilmentCodes,
    IReadOnlyList<CustomStatusView> CustomStatuses);

public sealed record CanonicalStatusView(string Name, IReadOnlyList<string> AllowedNext, bool Terminal);

/// <summary><c>effect</c> is <c>status</c> (moves to <c>targetStatus</c>) or <c>hold</c> (places <c>holdReason</c>).</summary>
public sealed record FulfilmentCodeView(int Code, string Name, string Effect, string? TargetStatus, string? HoldReason);

public sealed record CustomStatusView(Guid Id, string Name, string? Color, string? Icon, int Sort, string Effect, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static CustomStatusView From(CustomStatus s) =>
        new(s.Id, s.Name, s.Color, s.Icon, s.Sort, CustomStatusEffects.ToWireName(s.Effect), s.CreatedAt, s.UpdatedAt);
}
