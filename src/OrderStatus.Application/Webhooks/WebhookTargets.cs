using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace OrderStatus.Application.Webhooks;

/// <summary>
/// What a delivery may be sent to: an absolute http(s) URL without credentials, and — checked again
/// for every address DNS returns, at connect time — an address the operator allows.
/// </summary>
public sealed class WebhookTargets
{
    public const int MaxUrlLength = 2048;

    private static readonly IPNetwork[] InternalNetworks =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    private readonly bool _allowPrivate;
    private readonly IPNetwork[] _denied;
    private readonly IPNetwork[] _allowed;

    public WebhookTargets(IOptions<WebhookOptions> options)
    {
        var o = options.Value;
        _allowPrivate = o.AllowPrivateNetworks ?? false;
        _denied = [.. o.DeniedNetworks.Select(IPNetwork.Parse)];
        _allowed = [.. o.AllowedNetworks.Select(IPNetwork.Parse)];
    }

    /// <summary>Why <paramref name="url"/> is not an acceptable target, or null when it is.</summary>
    public string? Check(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "A URL is required.";
        }

        if (url.Length > MaxUrlLength)
        {
            return $"The URL must be at most {MaxUrlLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "The URL must be an absolute http or https URL.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "The URL must not contain credentials.";
        }

        if (uri.Fragment.Length > 0)
        {
            return "The URL must not contain a fragment.";
        }

        return IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) && !IsAllowed(literal)
            ? "The URL's address is not an allowed delivery target."
            : null;
    }

    public bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (_denied.Any(n => n.Contains(address)))
        {
            return false;
        }

        return _allowPrivate || _allowed.Any(n => n.Contains(address)) || !InternalNetworks.Any(n => n.Contains(address));
    }

    /// <summary>
    /// The named HttpClient's connect callback: resolves the host, refuses the connection when any
    /// resolved address is not allowed (so DNS cannot point a public name inward), then connects.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new HttpRequestException($"'{host}' does not resolve.");
        }

        if (addresses.FirstOrDefault(a => !IsAllowed(a)) is { } denied)
        {
            throw new WebhookTargetDeniedException($"'{host}' resolves to {denied}, which is not an allowed delivery target.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A delivery target resolved to an address the operator does not allow.</summary>
public sealed class WebhookTargetDeniedException(string message) : Exception(message);
