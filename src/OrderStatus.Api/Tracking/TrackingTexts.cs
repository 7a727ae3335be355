using System.Collections.Frozen;
using System.Globalization;
using Microsoft.Net.Http.Headers;
using OrderStatus.Domain.Orders;

namespace OrderStatus.Api.CustomerTracking;

/// <summary>
/// The customer-facing words of the status page and the widget, per language (en, de, fr, es, cs).
/// Plain tables instead of .resx: five short languages, and the service runs with invariant
/// globalization, so dates are formatted from these tables too.
/// </summary>
internal sealed record TrackingTexts
{
    public const string DefaultLanguage = "en";

    public required string Language { get; init; }

    public required string LanguageName { get; init; }

    public required string OrderTitle { get; init; }

    public required string SkipToContent { get; init; }

    public required string Progress { get; init; }

    public required string StepOf { get; init; }

    public required IReadOnlyList<string> Steps { get; init; }

    public required string StepDone { get; init; }

    public required string StepCurrent { get; init; }

    public required string StepUpcoming { get; init; }

    public required string CurrentStatus { get; init; }

    public required IReadOnlyDictionary<OrderState, string> Statuses { get; init; }

    public required IReadOnlyDictionary<TrackingLifecycle, string> Lifecycles { get; init; }

    public required string OrderedOn { get; init; }

    public required string UpdatedOn { get; init; }

    public required string TimesInUtc { get; init; }

    public required string Shipments { get; init; }

    public required string NoShipments { get; init; }

    public required string Carrier { get; init; }

    public required string TrackingNumber { get; init; }

    public required string TrackAtCarrier { get; init; }

    public required string Checkpoints { get; init; }

    public required string NoCheckpoints { get; init; }

    public required string Items { get; init; }

    public required string Quantity { get; init; }

    public required string Price { get; init; }

    public required string Total { get; init; }

    public required string ShipTo { get; init; }

    public required string LookupTitle { get; init; }

    public required string LookupIntro { get; init; }

    public required string AccountNumber { get; init; }

    public required string OrderNumber { get; init; }

    public required string EmailOrPostalCode { get; init; }

    public required string Submit { get; init; }

    public required string FillInEveryField { get; init; }

    public required string NotFoundTitle { get; init; }

    public required string NotFoundText { get; init; }

    public required string TooManyTitle { get; init; }

    public required string TooManyText { get; init; }

    public required string LanguageLabel { get; init; }

    /// <summary>Day, month, year, hour and minute in this language's usual order, UTC.</summary>
    public required Func<DateTimeOffset, string> FormatDate { get; init; }

    public string Status(OrderState state) => Statuses[state];

    public string Lifecycle(TrackingLifecycle lifecycle) => Lifecycles[lifecycle];

    public static string Format(string template, params object[] values) => string.Format(CultureInfo.InvariantCulture, template, values);

    public static IReadOnlyList<string> Languages { get; } = ["en", "de", "fr", "es", "cs"];

    public static TrackingTexts For(string language) => All.TryGetValue(language, out var texts) ? texts : All[DefaultLanguage];

    /// <summary>
    /// The language to answer in: <paramref name="requested"/> (a <c>lang</c> parameter) when it names a
    /// supported one, else the best of <c>Accept-Language</c> by quality, else English. Regional tags
    /// count as their language (<c>de-AT</c> → de).
    /// </summary>
    public static TrackingTexts Negotiate(string? requested, IEnumerable<StringWithQualityHeaderValue>? acceptLanguage)
    {
        if (Match(requested) is { } explicitLanguage)
        {
            return All[explicitLanguage];
        }

        var ranked = (acceptLanguage ?? [])
            .Where(l => l.Quality is null or > 0)
            .OrderByDescending(l => l.Quality ?? 1);
        foreach (var candidate in ranked)
        {
            if (Match(candidate.Value.Value) is { } language)
            {
                return All[language];
            }
        }

        return All[DefaultLanguage];
    }

    private static string? Match(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var primary = tag.Trim().Split('-', '_')[0].ToLowerInvariant();
        return All.ContainsKey(primary) ? primary : null;
    }

    private static string Utc(DateTimeOffset value, string pattern, IReadOnlyList<string> months)
    {
        var utc = value.ToUniversalTime();
        return pattern
            .Replace("{d}", utc.Day.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{M}", utc.Month.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{MMM}", months[utc.Month - 1], StringComparison.Ordinal)
            .Replace("{yyyy}", utc.Year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{HH:mm}", utc.ToString("HH:mm", CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static readonly FrozenDictionary<string, TrackingTexts> All = new Dictionary<string, TrackingTexts>
    {
        ["en"] = new()
        {
            Language = "en",
            LanguageName = "English",
            OrderTitle = "Order {0}",
            SkipToContent = "Skip to the order status",
            Progress = "Progress",
            StepOf = "Step {0} of {1}: {2}",
            Steps = ["Ordered", "Processing", "Shipped", "Delivered"],
            StepDone = "completed",
            StepCurrent = "current step",
            StepUpcoming = "upcoming",
            CurrentStatus = "Current status",
            Statuses = States("Order received", "Payment received", "Being prepared", "Shipped", "Delivered", "Completed", "Cancelled"),
            Lifecycles = Lifecycle("Announced", "In transit", "In customs", "Out for delivery", "Ready to collect", "Delivered", "Sent back", "Returned", "Delivery failed", "Cancelled"),
            OrderedOn = "Ordered",
            UpdatedOn = "Last update",
            TimesInUtc = "All times are UTC.",
            Shipments = "Shipments",
            NoShipments = "No shipment yet.",
            Carrier = "Carrier",
            TrackingNumber = "Tracking number",
            TrackAtCarrier = "Track at the carrier",
            Checkpoints = "Shipment history, newest first",
            NoCheckpoints = "No scans yet.",
            Items = "Items",
            Quantity = "Quantity",
            Price = "Price",
            Total = "Total",
            ShipTo = "Delivery to",
            LookupTitle = "Track your order",
            LookupIntro = "Enter the shop's account number, your order number and the e-mail address or postal code of the delivery.",
            AccountNumber = "Shop account number",
            OrderNumber = "Order number",
            EmailOrPostalCode = "E-mail or postal code",
            Submit = "Show status",
            FillInEveryField = "Please fill in every field.",
            NotFoundTitle = "Order not found",
            NotFoundText = "We could not find an order with these details, or the link has expired. Check the details and try again.",
            TooManyTitle = "Too many attempts",
            TooManyText = "Please wait {0} seconds and try again.",
            LanguageLabel = "Language",
            FormatDate = d => Utc(d, "{d} {MMM} {yyyy}, {HH:mm}", ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]),
        },
        ["de"] = new()
        {
            Language = "de",
            LanguageName = "Deutsch",
            OrderTitle = "Bestellung {0}",
            SkipToContent = "Zum Bestellstatus springen",
            Progress = "Fortschritt",
            StepOf = "Schritt {0} von {1}: {2}",
            Steps = ["Bestellt", "In Bearbeitung", "Versandt", "Zugestellt"],
            StepDone = "erledigt",
            StepCurrent = "aktueller Schritt",
            StepUpcoming = "ausstehend",
            CurrentStatus = "Aktueller Status",
            Statuses = States("Bestellung eingegangen", "Zahlung eingegangen", "Wird vorbereitet", "Versandt", "Zugestellt", "Abgeschlossen", "Storniert"),
            Lifecycles = Lifecycle("Angekündigt", "Unterwegs", "Im Zoll", "In Zustellung", "Zur Abholung bereit", "Zugestellt", "Zurückgeschickt", "Retourniert", "Zustellung fehlgeschlagen", "Storniert"),
            OrderedOn = "Bestellt am",
            UpdatedOn = "Letzte Aktualisierung",
            TimesInUtc = "Alle Zeiten in UTC.",
            Shipments = "Sendungen",
            NoShipments = "Noch keine Sendung.",
            Carrier = "Versanddienst",
            TrackingNumber = "Sendungsnummer",
            TrackAtCarrier = "Beim Versanddienst verfolgen",
            Checkpoints = "Sendungsverlauf, neueste zuerst",
            NoCheckpoints = "Noch keine Scans.",
            Items = "Artikel",
            Quantity = "Menge",
            Price = "Preis",
            Total = "Summe",
            ShipTo = "Lieferung an",
            LookupTitle = "Bestellung verfolgen",
            LookupIntro = "Geben Sie die Kontonummer des Shops, Ihre Bestellnummer und die E-Mail-Adresse oder die Postleitzahl der Lieferung ein.",
            AccountNumber = "Kontonummer des Shops",
            OrderNumber = "Bestellnummer",
            EmailOrPostalCode = "E-Mail oder Postleitzahl",
            Submit = "Status anzeigen",
            FillInEveryField = "Bitte füllen Sie alle Felder aus.",
            NotFoundTitle = "Bestellung nicht gefunden",
            NotFoundText = "Wir konnten keine Bestellung mit diesen Angaben finden, oder der Link ist abgelaufen. Prüfen Sie die Angaben und versuchen Sie es erneut.",
            TooManyTitle = "Zu viele Versuche",
            TooManyText = "Bitte warten Sie {0} Sekunden und versuchen Sie es erneut.",
            LanguageLabel = "Sprache",
            FormatDate = d => Utc(d, "{d}. {MMM} {yyyy}, {HH:mm}", ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."]),
        },
        ["fr"] = new()
        {
            Language = "fr",
            LanguageName = "Français",
            OrderTitle = "Commande {0}",
            SkipToContent = "Aller au statut de la commande",
            Progress = "Progression",
            StepOf = "Étape {0} sur {1} : {2}",
            Steps = ["Commandée", "En préparation", "Expédiée", "Livrée"],
            StepDone = "terminée",
            StepCurrent = "étape en cours",
            StepUpcoming = "à venir",
            CurrentStatus = "Statut actuel",
            Statuses = States("Commande reçue", "Paiement reçu", "En préparation", "Expédiée", "Livrée", "Terminée", "Annulée"),
            Lifecycles = Lifecycle("Annoncé", "En transit", "En douane", "En cours de livraison", "Prêt à être retiré", "Livré", "Renvoyé", "Retourné", "Échec de livraison", "Annulé"),
            OrderedOn = "Commandée le",
            UpdatedOn = "Dernière mise à jour",
            TimesInUtc = "Toutes les heures sont en UTC.",
            Shipments = "Envois",
            NoShipments = "Pas encore d'envoi.",
            Carrier = "Transporteur",
            TrackingNumber = "Numéro de suivi",
            TrackAtCarrier = "Suivre chez le transporteur",
            Checkpoints = "Historique de l'envoi, le plus récent d'abord",
            NoCheckpoints = "Aucun scan pour l'instant.",
            Items = "Articles",
            Quantity = "Quantité",
            Price = "Prix",
            Total = "Total",
            ShipTo = "Livraison à",
            LookupTitle = "Suivre votre commande",
            LookupIntro = "Saisissez le numéro de compte de la boutique, votre numéro de commande et l'adresse e-mail ou le code postal de la livraison.",
            AccountNumber = "Numéro de compte de la boutique",
            OrderNumber = "Numéro de commande",
            EmailOrPostalCode = "E-mail ou code postal",
            Submit = "Afficher le statut",
            FillInEveryField = "Veuillez remplir tous les champs.",
            NotFoundTitle = "Commande introuvable",
            NotFoundText = "Nous n'avons trouvé aucune commande avec ces informations, ou le lien a expiré. Vérifiez les informations et réessayez.",
            TooManyTitle = "Trop de tentatives",
            TooManyText = "Veuillez patienter {0} secondes et réessayer.",
            LanguageLabel = "Langue",
            FormatDate = d => Utc(d, "{d} {MMM} {yyyy}, {HH:mm}", ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]),
        },
        ["es"] = new()
        {
            Language = "es",
            LanguageName = "Español",
            OrderTitle = "Pedido {0}",
            SkipToContent = "Ir al estado del pedido",
            Progress = "Progreso",
            StepOf = "Paso {0} de {1}: {2}",
            Steps = ["Pedido realizado", "En preparación", "Enviado", "Entregado"],
            StepDone = "completado",
            StepCurrent = "paso actual",
            StepUpcoming = "pendiente",
            CurrentStatus = "Estado actual",
            Statuses = States("Pedido recibido", "Pago recibido", "En preparación", "Enviado", "Entregado", "Completado", "Cancelado"),
            Lifecycles = Lifecycle("Anunciado", "En tránsito", "En aduanas", "En reparto", "Listo para recoger", "Entregado", "Devuelto al remitente", "Devuelto", "Entrega fallida", "Cancelado"),
            OrderedOn = "Fecha del pedido",
            UpdatedOn = "Última actualización",
            TimesInUtc = "Todas las horas en UTC.",
            Shipments = "Envíos",
            NoShipments = "Todavía no hay envíos.",
            Carrier = "Transportista",
            TrackingNumber = "Número de seguimiento",
            TrackAtCarrier = "Seguir en el transportista",
            Checkpoints = "Historial del envío, lo más reciente primero",
            NoCheckpoints = "Aún no hay escaneos.",
            Items = "Artículos",
            Quantity = "Cantidad",
            Price = "Precio",
            Total = "Total",
            ShipTo = "Entrega a",
            LookupTitle = "Seguir su pedido",
            LookupIntro = "Introduzca el número de cuenta de la tienda, su número de pedido y el correo electrónico o el código postal de la entrega.",
            AccountNumber = "Número de cuenta de la tienda",
            OrderNumber = "Número de pedido",
            EmailOrPostalCode = "Correo electrónico o código postal",
            Submit = "Ver estado",
            FillInEveryField = "Rellene todos los campos.",
            NotFoundTitle = "Pedido no encontrado",
            NotFoundText = "No encontramos ningún pedido con estos datos, o el enlace ha caducado. Compruebe los datos e inténtelo de nuevo.",
            TooManyTitle = "Demasiados intentos",
            TooManyText = "Espere {0} segundos e inténtelo de nuevo.",
            LanguageLabel = "Idioma",
            FormatDate = d => Utc(d, "{d} {MMM} {yyyy}, {HH:mm}", ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"]),
        },
        ["cs"] = new()
        {
            Language = "cs",
            LanguageName = "Čeština",
            OrderTitle = "Objednávka {0}",
            SkipToContent = "Přejít na stav objednávky",
            Progress = "Průběh",
            StepOf = "Krok {0} z {1}: {2}",
            Steps = ["Objednáno", "Zpracovává se", "Odesláno", "Doručeno"],
            StepDone = "dokončeno",
            StepCurrent = "aktuální krok",
            StepUpcoming = "čeká",
            CurrentStatus = "Aktuální stav",
            Statuses = States("Objednávka přijata", "Platba přijata", "Připravuje se", "Odesláno", "Doručeno", "Dokončeno", "Zrušeno"),
            Lifecycles = Lifecycle("Ohlášeno", "Na cestě", "V celním řízení", "Doručuje se", "Připraveno k vyzvednutí", "Doručeno", "Odesláno zpět", "Vráceno", "Doručení se nezdařilo", "Zrušeno"),
            OrderedOn = "Objednáno",
            UpdatedOn = "Poslední aktualizace",
            TimesInUtc = "Všechny časy jsou v UTC.",
            Shipments = "Zásilky",
            NoShipments = "Zatím žádná zásilka.",
            Carrier = "Dopravce",
            TrackingNumber = "Číslo zásilky",
            TrackAtCarrier = "Sledovat u dopravce",
            Checkpoints = "Historie zásilky, nejnovější nahoře",
            NoCheckpoints = "Zatím žádné události.",
            Items = "Položky",
            Quantity = "Množství",
            Price = "Cena",
            Total = "Celkem",
            ShipTo = "Doručení na",
            LookupTitle = "Sledovat objednávku",
            LookupIntro = "Zadejte číslo účtu obchodu, číslo objednávky a e-mail nebo PSČ doručení.",
            AccountNumber = "Číslo účtu obchodu",
            OrderNumber = "Číslo objednávky",
            EmailOrPostalCode = "E-mail nebo PSČ",
            Submit = "Zobrazit stav",
            FillInEveryField = "Vyplňte prosím všechna pole.",
            NotFoundTitle = "Objednávka nenalezena",
            NotFoundText = "Objednávku s těmito údaji jsme nenašli, nebo platnost odkazu vypršela. Zkontrolujte údaje a zkuste to znovu.",
            TooManyTitle = "Příliš mnoho pokusů",
            TooManyText = "Počkejte prosím {0} s a zkuste to znovu.",
            LanguageLabel = "Jazyk",
            FormatDate = d => Utc(d, "{d}. {M}. {yyyy} {HH:mm}", ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]),
        },
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static Dictionary<OrderState, string> States(
        string created, string paid, string inFulfilment, string sent, string delivered, string done, string cancelled) => new()
        {
            [OrderState.Created] = created,
            [OrderState.Paid] = paid,
            [OrderState.InFulfilment] = inFulfilment,
            [OrderState.Sent] = sent,
            [OrderState.Delivered] = delivered,
            [OrderState.Done] = done,
            [OrderState.Cancelled] = cancelled,
        };

    private static Dictionary<TrackingLifecycle, string> Lifecycle(params string[] names) =>
        Enum.GetValues<TrackingLifecycle>().Select((value, i) => (value, i)).ToDictionary(p => p.value, p => names[p.i]);
}
