using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using OrderStatus.Application.Orders;

namespace OrderStatus.Api.Tests.Foundation;

/// <summary>
/// The application layer is shared by every surface, so it speaks in machine codes and kinds, never in the HTTP of a
/// surface: it references no ASP.NET Core HTTP types (results, status codes, contexts, problem details). Checked over
/// the assembly's metadata: every type it references, in signatures and in method bodies alike. (The webhook
/// dispatcher is an HTTP client and reads its receivers' <c>System.Net.HttpStatusCode</c>; that is outbound, not a
/// surface's answer, and stays allowed.)
/// </summary>
public sealed class ApplicationLayerTests
{
    private static readonly string[] ForbiddenNamespaces =
    [
        "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Mvc",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Builder",
        "Microsoft.AspNetCore.Authorization",
    ];

    private static readonly string[] ForbiddenTypes = ["StatusCodes", "IResult", "HttpContext", "HttpRequest", "HttpResponse", "ProblemDetails"];

    [Fact]
    public void The_application_references_no_http_result_or_status_types()
    {
        var referenced = ReferencedTypes(typeof(OrderCommands).Assembly.Location);

        Assert.Contains(referenced, t => t.StartsWith("Microsoft.EntityFrameworkCore.", StringComparison.Ordinal));
        var offending = referenced
            .Where(t => ForbiddenNamespaces.Any(n => t.StartsWith(n + ".", StringComparison.Ordinal))
                || ForbiddenTypes.Contains(t[(t.LastIndexOf('.') + 1)..], StringComparer.Ordinal))
            .ToList();
        Assert.True(offending.Count == 0, "OrderStatus.Application references HTTP types: " + string.Join(", ", offending));
    }

    [Fact]
    public void Application_errors_carry_codes_and_kinds_not_http_statuses()
    {
        foreach (var type in new[] { typeof(UseCaseProblem), typeof(OrderStatus.Domain.OrderRuleViolation) })
        {
            var numeric = type.GetProperties()
                .Where(p => p.DeclaringType == type && p.PropertyType == typeof(int) && p.Name.Contains("Status", StringComparison.OrdinalIgnoreCase))
                .Select(p => p.Name)
                .ToList();
            Assert.True(numeric.Count == 0, $"{type.Name} has status-like integer properties: {string.Join(", ", numeric)}");
        }
    }

    private static List<string> ReferencedTypes(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return [.. metadata.TypeReferences
            .Select(h => metadata.GetTypeReference(h))
            .Select(t => metadata.GetString(t.Namespace) + "." + metadata.GetString(t.Name))
            .Distinct()];
    }
}
