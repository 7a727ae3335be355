using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderStatus.Application.Orders;

/// <summary>The API's JSON conventions (camelCase, web defaults), also used for stored event data and webhook bodies.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
