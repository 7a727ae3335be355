using OrderStatus.Api.Hosting;

// `dotnet run` serves the API; `dotnet run -- <verb> …` runs an operator command (see Cli/).
return await OrderStatusApp.RunAsync(args);

/// <summary>Entry point; public so that tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
