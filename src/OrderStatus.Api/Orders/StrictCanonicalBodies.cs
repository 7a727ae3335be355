using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.Orders;

/// <summary>
/// Canonical request bodies refuse members they do not have (400 naming the member), so a misspelt or misplaced field
/// such as <c>POST …/sent {"trackingNumber": …}</c> is not silently dropped. Only the canonical wire types
/// (<see cref="ICanonicalRequest"/>) and the value objects they carry are strict; a dialect's own request types keep
/// System.Text.Json's default of ignoring unknown members, as their clients expect.
/// </summary>
internal static class StrictCanonicalBodies
{
    public static void Apply(JsonTypeInfo info)
    {
        if (info.Kind == JsonTypeInfoKind.Object
            && (typeof(ICanonicalRequest).IsAssignableFrom(info.Type) || info.Type == typeof(Customer) || info.Type == typeof(Address)))
        {
            info.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        }
    }
}
