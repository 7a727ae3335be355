using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace OrderStatus.Domain.Reference;

/// <summary>
/// ISO 4217 currency codes usable for orders, with the number of minor-unit digits of each.
/// Codes whose minor unit is "N.A." in ISO 4217 (precious metals, XDR, XSU, XUA, test codes)
/// are left out on purpose: an order cannot be priced in them.
/// </summary>
public static class Currencies
{
    // Codes grouped by minor-unit digits: a reader checks one short line per exception
    // instead of two hundred entries.
    private static readonly string[] ZeroDigits =
    [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF",
        "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
    ];

    private static readonly string[] ThreeDigits = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

    private static readonly string[] FourDigits = ["CLF", "UYW"];

    private static readonly string[] TwoDigits =
    [
        "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN",
        "BAM", "BBD", "BDT", "BGN", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
        "CAD", "CDF", "CHE", "CHF", "CHW", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK",
        "DKK", "DOP", "DZD",
        "EGP", "ERN", "ETB", "EUR",
        "FJD", "FKP",
        "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD",
        "HKD", "HNL", "HTG", "HUF",
        "IDR", "ILS", "INR", "IRR",
        "JMD",
        "KES", "KGS", "KHR", "KPW", "KYD", "KZT",
        "LAK", "LBP", "LKR", "LRD", "LSL",
        "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN",
        "NAD", "NGN", "NIO", "NOK", "NPR", "NZD",
        "PAB", "PEN", "PGK", "PHP", "PKR", "PLN",
        "QAR",
        "RON", "RSD", "RUB",
        "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL",
        "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS",
        "UAH", "USD", "USN", "UYU", "UZS",
        "VED", "VES",
        "WST",
        "XCD", "XCG",
        "YER",
        "ZAR", "ZMW", "ZWG",
        // Netherlands Antillean guilder: replaced by XCG in 2025 but still circulating during the changeover.
        "ANG",
    ];

    private static readonly FrozenDictionary<string, int> MinorUnits = BuildTable();

    /// <summary>All known codes, upper case.</summary>
    public static IReadOnlyCollection<string> Codes => MinorUnits.Keys;

    /// <summary>Case-insensitive lookup of a currency's minor-unit digits.</summary>
    public static bool TryGetMinorUnits([NotNullWhen(true)] string? code, out int minorUnits)
    {
        if (code is not null && MinorUnits.TryGetValue(code, out minorUnits))
        {
            return true;
        }

        minorUnits = 0;
        return false;
    }

    public static bool IsValid([NotNullWhen(true)] string? code) => TryGetMinorUnits(code, out _);

    /// <summary>
    /// Rounds an amount to the currency's minor unit, half away from zero (the commercial convention).
    /// </summary>
    /// <exception cref="OrderRuleViolation">The currency is unknown.</exception>
    public static decimal Round(decimal amount, string currency)
    {
        if (!TryGetMinorUnits(currency, out var digits))
        {
            throw OrderRuleViolation.InvalidArgument($"Unknown ISO 4217 currency code '{currency}'.");
        }

        return Math.Round(amount, digits, MidpointRounding.AwayFromZero);
    }

    private static FrozenDictionary<string, int> BuildTable()
    {
        var table = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (codes, digits) in new[] { (ZeroDigits, 0), (TwoDigits, 2), (ThreeDigits, 3), (FourDigits, 4) })
        {
            foreach (var code in codes)
            {
                table.Add(code, digits);
            }
        }

        return table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
