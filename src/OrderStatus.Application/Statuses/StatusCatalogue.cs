using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderStatus.Application.Numbers;
using OrderStatus.Application.Orders;
using OrderStatus.Application.Persistence;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Application.Statuses;

/// <summary>The status catalogue (SPEC section 5): canonical statuses, fulfilment codes and the merchant's custom statuses.</summary>
public sealed class StatusCatalogue(OrdersDbContext db, TimeProvider clock, MerchantNumbering numbers, UseCaseValidation validation)
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

    public async Task<CustomStatusView> CreateAsync(CustomStatusDefinition definition, CancellationToken ct)
    {
        await validation.EnsureValidAsync(definition, ct);
        var now = clock.GetUtcNow();
        var status = new CustomStatus
        {
            Id = Guid.CreateVersion7(now),
            MerchantId = db.MerchantId,
            Number = await numbers.NextCustomStatusNumberAsync(db.MerchantId, ct),
            Name = definition.Name.Trim(),
            CreatedAt = now,
        };
        Apply(status, definition, now);
        db.CustomStatuses.Add(status);
        await db.SaveChangesAsync(ct);
        return CustomStatusView.From(status);
    }

    /// <summary>Replaces name, colour, icon, sort and effect.</summary>
    public async Task<CustomStatusView> UpdateAsync(CustomStatusKey key, CustomStatusDefinition definition, CancellationToken ct)
    {
        await validation.EnsureValidAsync(definition, ct);
        var status = await Find(key).SingleOrDefaultAsync(ct) ?? throw UseCaseProblem.CustomStatusNotFound(key);
        Apply(status, definition, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return CustomStatusView.From(status);
    }

    /// <summary>Refused with 409 while any order carries the status (also guarded by a foreign key).</summary>
    public async Task DeleteAsync(CustomStatusKey key, CancellationToken ct)
    {
        var status = await Find(key).SingleOrDefaultAsync(ct) ?? throw UseCaseProblem.CustomStatusNotFound(key);
        var id = status.Id;
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

    /// <summary>The custom status with that id or number, for reading its name and effect or changing it.</summary>
    public IQueryable<CustomStatus> Find(CustomStatusKey key) =>
        key.Id is { } id ? db.CustomStatuses.Where(s => s.Id == id) : db.CustomStatuses.Where(s => s.Number == key.Number);

    private static UseCaseProblem InUse(Guid id) =>
        new(UseCaseProblemKind.Conflict, UseCaseCodes.CustomStatusInUse, $"Custom status {id} is set on at least one order; set another status on those orders first.");

    private static void Apply(CustomStatus status, CustomStatusDefinition definition, DateTimeOffset now)
    {
        status.Name = definition.Name.Trim();
        status.Color = definition.Color;
        status.Icon = definition.Icon;
        status.Sort = definition.Sort;
        status.Effect = definition.Effect;
        status.UpdatedAt = now;
    }
}

/// <summary>The status catalogue: the canonical statuses, the fulfilment codes and the merchant's custom statuses.</summary>
public sealed record CatalogueView(
    IReadOnlyList<CanonicalStatusView> Statuses,
    IReadOnlyList<FulfilmentCodeView> FulfilmentCodes,
    IReadOnlyList<CustomStatusView> CustomStatuses);

/// <summary>A canonical status and where it may lead.</summary>
/// <param name="AllowedNext">The statuses an order may move to from this one.</param>
/// <param name="Terminal">True for a final status (nothing follows).</param>
public sealed record CanonicalStatusView(string Name, IReadOnlyList<string> AllowedNext, bool Terminal);

/// <summary>A fulfilment code: <c>effect</c> is <c>status</c> (moves to <c>targetStatus</c>) or <c>hold</c> (places <c>holdReason</c>).</summary>
/// <param name="Code">The number to send as <c>PATCH /orders/{id}/status {"code": …}</c>.</param>
/// <param name="Effect">What setting the code does.</param>
/// <param name="TargetStatus">With effect <c>status</c>: the status the order moves to.</param>
/// <param name="HoldReason">With effect <c>hold</c>: the hold reason placed.</param>
public sealed record FulfilmentCodeView(int Code, string Name, string Effect, string? TargetStatus, string? HoldReason);

/// <summary>A custom status of the merchant.</summary>
/// <param name="Number">The custom status's number per merchant; usable instead of the id in its URLs.</param>
/// <param name="Effect">What setting it does besides: <c>none</c>, or the transition to <c>done</c> or <c>cancelled</c>.</param>
/// <param name="Sort">Display order, ascending.</param>
public sealed record CustomStatusView(
    Guid Id, int Number, string Name, string? Color, string? Icon, int Sort, string Effect, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static CustomStatusView From(CustomStatus s) =>
        new(s.Id, s.Number, s.Name, s.Color, s.Icon, s.Sort, CustomStatusEffects.ToWireName(s.Effect), s.CreatedAt, s.UpdatedAt);
}
