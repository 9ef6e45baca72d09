using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/SstpFarm.Protocol.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
