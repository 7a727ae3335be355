using System.Globalization;
using System.Text;
using System.Xml;
using OrderStatus.Application.CustomerTracking;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.CustomerTracking;

/// <summary>
/// The embeddable status widget: an SVG of the progress steps and the current status, safe in an
/// <c>&lt;img&gt;</c> — no script, no external reference (fonts, images, styles), every text written
/// through <see cref="XmlWriter"/> so merchant-provided strings are escaped, with <c>&lt;title&gt;</c>
/// and <c>&lt;desc&gt;</c> for screen readers and <c>lang</c> on the root.
/// </summary>
internal static class TrackingWidget
{
    public const string ContentType = "image/svg+xml";
    public const int Width = 520;
    public const int Height = 150;

    private const string Svg = "http://www.w3.org/2000/svg";
    private const string Font = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
    private const string Ink = "#1f2328";
    private const string Muted = "#57606a";
    private const string DoneColour = "#1a7f37";
    private const string CurrentColour = "#0969da";
    private const string UpcomingColour = "#8c959f";
    private const string CancelledColour = "#cf222e";

    public static string Render(CustomerOrderView order, TrackingTexts texts)
    {
        var steps = TrackingProgress.Steps(order, texts);
        var cancelled = order.State == OrderState.Cancelled;
        var title = TrackingTexts.Format(texts.OrderTitle, order.Reference) + " – " + texts.Status(order.State);
        var description = order.MerchantName + ": " + TrackingProgress.Summary(order, texts) + ". "
            + texts.CurrentStatus + ": " + TrackingProgress.StatusLine(order, texts) + ".";

        var output = new StringBuilder();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false }))
        {
            xml.WriteStartElement("svg", Svg);
            Attribute(xml, "width", Width);
            Attribute(xml, "height", Height);
            xml.WriteAttributeString("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {Width} {Height}"));
            xml.WriteAttributeString("role", "img");
            xml.WriteAttributeString("aria-labelledby", "t d");
            xml.WriteAttributeString("lang", texts.Language);
            xml.WriteAttributeString("xml", "lang", null, texts.Language);
            xml.WriteAttributeString("font-family", Font);

            Element(xml, "title", "t", title);
            Element(xml, "desc", "d", description);

            xml.WriteStartElement("rect", Svg);
            Attribute(xml, "x", 0.5);
            Attribute(xml, "y", 0.5);
            Attribute(xml, "width", Width - 1);
            Attribute(xml, "height", Height - 1);
            Attribute(xml, "rx", 10);
            xml.WriteAttributeString("fill", "#ffffff");
            xml.WriteAttributeString("stroke", "#d0d7de");
            xml.WriteEndElement();

            Text(xml, 20, 30, Clip(order.MerchantName, 60), 12, Muted, "start", bold: false);
            Text(xml, 20, 54, Clip(TrackingTexts.Format(texts.OrderTitle, order.Reference), 40), 16, Ink, "start", bold: true);
            Text(xml, Width - 20, 54, Clip(TrackingProgress.StatusLine(order, texts), 40), 15,
                cancelled ? CancelledColour : CurrentColour, "end", bold: true);

            // The steps: circles joined by a line, a label under each.
            const int top = 92;
            var spacing = (Width - 120) / (steps.Count - 1);
            for (var i = 0; i < steps.Count - 1; i++)
            {
                xml.WriteStartElement("line", Svg);
                Attribute(xml, "x1", 60 + (i * spacing));
                Attribute(xml, "y1", top);
                Attribute(xml, "x2", 60 + ((i + 1) * spacing));
                Attribute(xml, "y2", top);
                xml.WriteAttributeString("stroke", steps[i + 1].State == StepState.Upcoming ? UpcomingColour : DoneColour);
                Attribute(xml, "stroke-width", 3);
                xml.WriteEndElement();
            }

            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                var x = 60 + (i * spacing);
                var colour = step.State switch
                {
                    StepState.Done => DoneColour,
                    StepState.Current => CurrentColour,
                    _ => UpcomingColour,
                };
                xml.WriteStartElement("circle", Svg);
                Attribute(xml, "cx", x);
                Attribute(xml, "cy", top);
                Attribute(xml, "r", step.State == StepState.Current ? 11 : 9);
                xml.WriteAttributeString("fill", step.State == StepState.Upcoming ? "#ffffff" : colour);
                xml.WriteAttributeString("stroke", colour);
                Attribute(xml, "stroke-width", 3);
                xml.WriteEndElement();
                Text(xml, x, top + 32, Clip(step.Label, 20), 12, step.State == StepState.Upcoming ? Muted : Ink, "middle",
                    bold: step.State == StepState.Current);
            }

            xml.WriteEndElement();
        }

        return output.ToString();
    }

    /// <summary>A widget-sized image that only says <paramref name="message"/> (not found, too many attempts).</summary>
    public static string RenderMessage(string message, TrackingTexts texts)
    {
        var output = new StringBuilder();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            xml.WriteStartElement("svg", Svg);
            Attribute(xml, "width", Width);
            Attribute(xml, "height", Height);
            xml.WriteAttributeString("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {Width} {Height}"));
            xml.WriteAttributeString("role", "img");
            xml.WriteAttributeString("aria-labelledby", "t");
            xml.WriteAttributeString("lang", texts.Language);
            xml.WriteAttributeString("xml", "lang", null, texts.Language);
            xml.WriteAttributeString("font-family", Font);
            Element(xml, "title", "t", message);
            xml.WriteStartElement("rect", Svg);
            Attribute(xml, "x", 0.5);
            Attribute(xml, "y", 0.5);
            Attribute(xml, "width", Width - 1);
            Attribute(xml, "height", Height - 1);
            Attribute(xml, "rx", 10);
            xml.WriteAttributeString("fill", "#ffffff");
            xml.WriteAttributeString("stroke", "#d0d7de");
            xml.WriteEndElement();
            Text(xml, Width / 2, (Height / 2) + 6, message, 16, Muted, "middle", bold: true);
            xml.WriteEndElement();
        }

        return output.ToString();
    }

    private static void Element(XmlWriter xml, string name, string id, string text)
    {
        xml.WriteStartElement(name, Svg);
        xml.WriteAttributeString("id", id);
        xml.WriteString(XmlSafe(text));
        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, int x, int y, string text, int size, string fill, string anchor, bool bold)
    {
        xml.WriteStartElement("text", Svg);
        Attribute(xml, "x", x);
        Attribute(xml, "y", y);
        Attribute(xml, "font-size", size);
        xml.WriteAttributeString("fill", fill);
        xml.WriteAttributeString("text-anchor", anchor);
        if (bold)
        {
            xml.WriteAttributeString("font-weight", "600");
        }

        xml.WriteString(XmlSafe(text));
        xml.WriteEndElement();
    }

    private static void Attribute(XmlWriter xml, string name, double value) =>
        xml.WriteAttributeString(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>SVG text does not wrap: long merchant strings are cut with an ellipsis.</summary>
    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Drops characters XML cannot carry at all (control characters), which the writer would refuse.</summary>
    internal static string XmlSafe(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                builder.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                builder.Append(text[i]).Append(text[i + 1]);
                i++;
            }
        }

        return builder.ToString();
    }
}
