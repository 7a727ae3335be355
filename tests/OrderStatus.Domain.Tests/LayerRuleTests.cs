using OrderStatus.Domain.Orders;

namespace OrderStatus.Domain.Tests;

/// <summary>The domain stays pure C#: it may reference the framework and nothing else.</summary>
public class LayerRuleTests
{
    [Fact]
    public void The_domain_references_only_framework_assemblies()
    {
        var references = typeof(Order).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, name => Assert.True(
            name is "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.", StringComparison.Ordinal),
            $"The domain references '{name}', which is not part of the framework."));
        Assert.DoesNotContain(references, name =>
            name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.Extensions", StringComparison.Ordinal));
    }

    [Fact]
    public void The_domain_project_has_no_package_references()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrderStatus.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var project = File.ReadAllText(Path.Combine(directory.FullName, "src", "OrderStatus.Domain", "OrderStatus.Domain.csproj"));
        Assert.DoesNotContain("PackageReference", project.Replace("no package references", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("ProjectReference", project, StringComparison.Ordinal);
    }
}
