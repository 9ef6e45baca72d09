using Google.Protobuf.Reflection;

namespace SstpFarm.Api.Reflection;

/// <summary>The registered proto files with their dependencies, by file name and by fully-qualified symbol.</summary>
internal sealed class DescriptorIndex
{
    private readonly Dictionary<string, FileDescriptor> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDescriptor> _symbols = new(StringComparer.Ordinal);
    private readonly HashSet<string> _messages = new(StringComparer.Ordinal);

    public DescriptorIndex(IEnumerable<FileDescriptor> files)
    {
        foreach (FileDescriptor file in files)
        {
            Add(file);
        }
    }

    public FileDescriptor? FindFile(string name) => _files.GetValueOrDefault(name);

    public FileDescriptor? FindSymbol(string symbol) => _symbols.GetValueOrDefault(symbol.TrimStart('.'));

    public bool IsMessage(string name) => _messages.Contains(name.TrimStart('.'));

    /// <summary>The file followed by its transitive dependencies, each once (what reflection clients need to build it).</summary>
    public static IReadOnlyList<FileDescriptor> WithDependencies(FileDescriptor file)
    {
        var ordered = new List<FileDescriptor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<FileDescriptor>([file]);
        while (pending.TryDequeue(out FileDescriptor? next))
        {
            if (seen.Add(next.Name))
            {
                ordered.Add(next);
                foreach (FileDescriptor dependency in next.Dependencies)
                {
                    pending.Enqueue(dependency);
                }
            }
        }

        return ordered;
    }

    private void Add(FileDescriptor file)
    {
        if (!_files.TryAdd(file.Name, file))
        {
            return;
        }

        foreach (FileDescriptor dependency in file.Dependencies)
        {
            Add(dependency);
        }

        foreach (ServiceDescriptor service in file.Services)
        {
            _symbols.TryAdd(service.FullName, file);
            foreach (MethodDescriptor method in service.Methods)
            {
                _symbols.TryAdd(method.FullName, file);
            }
        }

        foreach (EnumDescriptor enumType in file.EnumTypes)
        {
            _symbols.TryAdd(enumType.FullName, file);
        }

        foreach (MessageDescriptor message in file.MessageTypes)
        {
            AddMessage(message, file);
        }
    }

    private void AddMessage(MessageDescriptor message, FileDescriptor file)
    {
        _symbols.TryAdd(message.FullName, file);
        _messages.Add(message.FullName);
        foreach (EnumDescriptor nested in message.EnumTypes)
        {
            _symbols.TryAdd(nested.FullName, file);
        }

        foreach (MessageDescriptor nested in message.NestedTypes)
        {
            AddMessage(nested, file);
        }
    }
}
