using OrderStatus.Domain.Reference;

namespace OrderStatus.Domain.Tests;

public class ReferenceDataTests
{
    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("USD", 2)]
    [InlineData("GBP", 2)]
    [InlineData("CHF", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("ISK", 0)]
    [InlineData("VND", 0)]
    [InlineData("XOF", 0)]
    [InlineData("CLP", 0)]
    [InlineData("KWD", 3)]
    [InlineData("BHD", 3)]
    [InlineData("OMR", 3)]
    [InlineData("TND", 3)]
    [InlineData("JOD", 3)]
    [InlineData("CLF", 4)]
    [InlineData("UYW", 4)]
    [InlineData("HUF", 2)]
    [InlineData("AED", 2)]
    [InlineData("eur", 2)]
    public void Known_currencies_have_their_minor_units(string code, int digits)
    {
        Assert.True(Currencies.TryGetMinorUnits(code, out var actual));
        Assert.Equal(digits, actual);
    }

    [Theory]
    [InlineData("XXX")]
    [InlineData("XAU")]
    [InlineData("XDR")]
    [InlineData("HRK")]
    [InlineData("DEM")]
    [InlineData("EU")]
    [InlineData("")]
    [InlineData(null)]
    public void Unusable_or_withdrawn_currencies_are_unknown(string? code) =>
        Assert.False(Currencies.TryGetMinorUnits(code, out _));

    [Fact]
    public void Currency_codes_are_three_upper_case_letters()
    {
        Assert.InRange(Currencies.Codes.Count, 150, 190);
        Assert.All(Currencies.Codes, c => Assert.Matches("^[A-Z]{3}$", c));
    }

    [Fact]
    public void The_country_list_has_the_249_assigned_codes()
    {
        Assert.Equal(249, Countries.All.Count);
        Assert.Equal(249, Countries.All.Distinct().Count());
        Assert.All(Countries.All, c => Assert.Matches("^[A-Z]{2}$", c));
        Assert.Equal(Countries.All.Order(StringComparer.Ordinal), Countries.All);
    }

    [Theory]
    [InlineData("DE", true)]
    [InlineData("gb", true)]
    [InlineData("US", true)]
    [InlineData("AX", true)]
    [InlineData("SS", true)]
    [InlineData("XK", false)] // Kosovo: user-assigned, not ISO 3166-1
    [InlineData("UK", false)]
    [InlineData("EU", false)]
    [InlineData("DEU", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Alpha2_validation(string? code, bool valid) => Assert.Equal(valid, Countries.IsValidAlpha2(code));
}
