using VideoVisit.LoadGen;

// dotnet run -c Release --project bench/VideoVisit.LoadGen -- forward --rooms 1 --pubs 1 --subs 10
// dotnet run -c Release --project bench/VideoVisit.LoadGen -- memory --participants 99 --room-size 3
// (`serve` is the server child process the scenarios start; see bench/README.md)
var mode = args.Length > 0 ? args[0] : "help";
var options = new Options(args.Skip(1).ToArray());
return mode switch
{
    "serve" => await ServeMode.RunAsync(),
    "forward" => ForwardScenario.Run(options),
    "memory" => MemoryScenario.Run(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: VideoVisit.LoadGen forward [--rooms K] [--pubs N] [--subs M] [--start-pps P] [--factor F] [--step-seconds S] [--max-steps X] [--audio 0|1]");
    Console.Error.WriteLine("       VideoVisit.LoadGen memory [--participants P] [--room-size R]");
    return 2;
}
