using System.Net;
using System.Net.Sockets;

namespace OrderStatus.Api.Hosting;

/// <summary>Checks made before the service starts listening, so that a failure is one clear line.</summary>
internal static class StartupChecks
{
    /// <summary>
    /// The first configured listen address (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Urls</c>) whose
    /// port another process holds, or null. Kestrel would fail the same way, after a page of stack trace.
    /// </summary>
    public static string? BusyAddress(IConfiguration configuration)
    {
        var urls = configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            return null;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Endpoint(url) is not { } endpoint)
            {
                continue;
            }

            try
            {
                using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                probe.Bind(endpoint);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return url;
            }
            catch (SocketException)
            {
                // Not ours to judge (an address this machine lacks …): Kestrel reports it.
            }
        }

        return null;
    }

    public static string AddressInUseMessage(string address) =>
        $"{address} is already in use (another OrderStatus still running?). " +
        "Stop that process, or listen elsewhere: dotnet run --project src/OrderStatus.Api --urls http://127.0.0.1:5081";

    /// <summary>The socket address of a URL such as <c>http://127.0.0.1:5080</c>, <c>http://*:8080</c> or <c>http://localhost:5000</c>.</summary>
    private static IPEndPoint? Endpoint(string url)
    {
        // Kestrel's wildcards are not valid URI hosts.
        var normalised = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || uri.Port <= 0)
        {
            return null;
        }

        IPAddress? address = uri.IsLoopback && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out _)
            ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : null;
        return address is null ? null : new IPEndPoint(address, uri.Port);
    }
}
