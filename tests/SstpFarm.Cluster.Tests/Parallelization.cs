// Every cluster test builds a whole farm (namespaces with addresses derived from the process id,
// three nodes, Redis, HAProxy): two at once in one process would collide, and 2 cores cannot carry them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
