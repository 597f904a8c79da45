using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace VideoVisit.Web.Tests.Architecture;

/// <summary>One use of a type by another: <paramref name="From"/> names <paramref name="To"/> somewhere in its metadata or IL.</summary>
public readonly record struct TypeEdge(string From, string FromNamespace, string To, string ToNamespace)
{
    public override string ToString() => $"{From} -> {To}";
}

/// <summary>
/// Which types each type of a compiled assembly uses, read from its metadata and IL (System.Reflection.Metadata):
/// base type and interfaces, generic constraints, fields, method signatures, locals, catch clauses, every type,
/// member and method token in method bodies (with the signature of each member called), and custom attributes.
/// Compiler-generated nested types (lambdas, iterators, async state machines) count as their outermost type, so a
/// closure's use is its method's use. Used by <see cref="ArchitectureTests"/> for the namespace rules of
/// docs/architecture.md; <see cref="TypeDependenciesTests"/> shows it catches planted violations.
/// </summary>
public static class TypeDependencies
{
    private static readonly Dictionary<ushort, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => unchecked((ushort)o.Value), o => o.OperandType);

    /// <summary>Every distinct edge from a type defined in the assembly to another type (self-uses left out).</summary>
    public static IReadOnlyList<TypeEdge> Of(Assembly assembly) => Of(assembly.Location);

    public static IReadOnlyList<TypeEdge> Of(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var md = pe.GetMetadataReader();
        var names = new Names(md);
        var edges = new HashSet<TypeEdge>();
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            var (from, fromNamespace) = names.Outermost(handle);
            if (from == "<Module>") continue;
            foreach (var (to, toNamespace) in Uses(pe, md, names, type))
            {
                if (to != from) edges.Add(new TypeEdge(from, fromNamespace, to, toNamespace));
            }
        }
        return [.. edges];
    }

    /// <summary>Edges from types whose namespace starts with <paramref name="from"/> to types whose namespace starts with <paramref name="to"/>.</summary>
    public static IEnumerable<TypeEdge> Between(IEnumerable<TypeEdge> edges, string from, string to) =>
        edges.Where(e => InNamespace(e.FromNamespace, from) && InNamespace(e.ToNamespace, to));

    /// <summary><paramref name="ns"/> is <paramref name="root"/> or inside it (the empty root holds everything).</summary>
    public static bool InNamespace(string ns, string root) =>
        root.Length == 0 || ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

    /// <summary>
    /// The folder graph under <paramref name="root"/>: each namespace is cut to its first segment below the root
    /// (<c>VideoVisit.Signaling.Homing.Redis</c> is <c>Homing</c>); the root's own types are left out (the composition
    /// root wires every folder). Returns each folder's set of folders it uses.
    /// </summary>
    public static Dictionary<string, HashSet<string>> FolderGraph(IEnumerable<TypeEdge> edges, string root)
    {
        static string? Folder(string ns, string root) =>
            ns.StartsWith(root + ".", StringComparison.Ordinal) ? ns[(root.Length + 1)..].Split('.')[0] : null;
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var e in edges)
        {
            if (Folder(e.FromNamespace, root) is not { } a || Folder(e.ToNamespace, root) is not { } b || a == b) continue;
            if (!graph.TryGetValue(a, out var set)) graph[a] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(b);
        }
        return graph;
    }

    /// <summary>The cycles of a graph: its strongly connected components of more than one node, each sorted.</summary>
    public static IReadOnlyList<string[]> Cycles(IReadOnlyDictionary<string, HashSet<string>> graph)
    {
        // Tarjan's algorithm; the graphs here have a handful of nodes, so recursion depth is no concern.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<string[]>();
        IEnumerable<string> Next(string n) => graph.TryGetValue(n, out var s) ? s : [];

        void Visit(string n)
        {
            index[n] = low[n] = index.Count;
            stack.Push(n);
            onStack.Add(n);
            foreach (var m in Next(n))
            {
                if (!index.ContainsKey(m))
                {
                    Visit(m);
                    low[n] = Math.Min(low[n], low[m]);
                }
                else if (onStack.Contains(m))
                {
                    low[n] = Math.Min(low[n], index[m]);
                }
            }
            if (low[n] != index[n]) return;
            var component = new List<string>();
            string top;
            do
            {
                top = stack.Pop();
                onStack.Remove(top);
                component.Add(top);
            }
            while (top != n);
            if (component.Count > 1) cycles.Add([.. component.Order(StringComparer.Ordinal)]);
        }

        foreach (var n in graph.Keys.Concat(graph.Values.SelectMany(s => s)).Distinct().Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(n)) Visit(n);
        }
        return cycles;
    }

    private static IEnumerable<(string Name, string Namespace)> Uses(PEReader pe, MetadataReader md, Names names, TypeDefinition type)
    {
        var found = new List<(string, string)>();
        void Add(EntityHandle h)
        {
            if (!h.IsNil) found.AddRange(names.Of(h));
        }
        void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes) Add(md.GetCustomAttribute(a).Constructor);
        }
        void Constraints(GenericParameterHandleCollection parameters)
        {
            foreach (var p in parameters)
            {
                foreach (var c in md.GetGenericParameter(p).GetConstraints()) Add(md.GetGenericParameterConstraint(c).Type);
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaceImplementations()) Add(md.GetInterfaceImplementation(i).Interface);
        Attributes(type.GetCustomAttributes());
        Constraints(type.GetGenericParameters());
        foreach (var f in type.GetFields())
        {
            var field = md.GetFieldDefinition(f);
            found.AddRange(field.DecodeSignature(names, null));
            Attributes(field.GetCustomAttributes());
        }
        foreach (var p in type.GetProperties()) Attributes(md.GetPropertyDefinition(p).GetCustomAttributes());
        foreach (var e in type.GetEvents()) Add(md.GetEventDefinition(e).Type);
        foreach (var m in type.GetMethods())
        {
            var method = md.GetMethodDefinition(m);
            var signature = method.DecodeSignature(names, null);
            found.AddRange(signature.ReturnType);
            foreach (var p in signature.ParameterTypes) found.AddRange(p);
            Attributes(method.GetCustomAttributes());
            Constraints(method.GetGenericParameters());
            if (method.RelativeVirtualAddress == 0) continue;
            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil) Add(body.LocalSignature);
            foreach (var region in body.ExceptionRegions) Add(region.CatchType);
            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                ushort code = il.ReadByte();
                if (code == 0xFE) code = (ushort)(0xFE00 | il.ReadByte());
                if (!Operands.TryGetValue(code, out var operand)) throw new BadImageFormatException($"opcode 0x{code:X} in {md.GetString(method.Name)}");
                switch (operand)
                {
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType
                        or OperandType.InlineSig:
                        Add(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32(); // read before Offset is: `Offset += 4 * ReadInt32()` would read it first
                        il.Offset += 4 * targets;
                        break;
                    default: // InlineBrTarget, InlineI, InlineString, ShortInlineR
                        il.Offset += 4;
                        break;
                }
            }
        }
        return found;
    }

    /// <summary>Names the types behind handles and signatures: (full name of the outermost type, its namespace).</summary>
    private sealed class Names(MetadataReader md) : ISignatureTypeProvider<ImmutableArray<(string Name, string Namespace)>, object?>
    {
        private static readonly ImmutableArray<(string, string)> None = [];

        public (string Name, string Namespace) Outermost(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            while (type.GetDeclaringType() is { IsNil: false } outer) type = md.GetTypeDefinition(outer);
            var ns = md.GetString(type.Namespace);
            var name = md.GetString(type.Name);
            return (ns.Length == 0 ? name : ns + "." + name, ns);
        }

        private (string Name, string Namespace) Outermost(TypeReferenceHandle handle)
        {
            var type = md.GetTypeReference(handle);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference) type = md.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            var ns = md.GetString(type.Namespace);
            var name = md.GetString(type.Name);
            return (ns.Length == 0 ? name : ns + "." + name, ns);
        }

        public ImmutableArray<(string Name, string Namespace)> Of(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    return [Outermost((TypeDefinitionHandle)handle)];
                case HandleKind.TypeReference:
                    return [Outermost((TypeReferenceHandle)handle)];
                case HandleKind.TypeSpecification:
                    return md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                case HandleKind.FieldDefinition:
                {
                    var field = md.GetFieldDefinition((FieldDefinitionHandle)handle);
                    return [Outermost(field.GetDeclaringType()), .. field.DecodeSignature(this, null)];
                }
                case HandleKind.MethodDefinition:
                {
                    var method = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                    return [Outermost(method.GetDeclaringType()), .. Flatten(method.DecodeSignature(this, null))];
                }
                case HandleKind.MemberReference:
                {
                    var member = md.GetMemberReference((MemberReferenceHandle)handle);
                    var parent = member.Parent.Kind is HandleKind.ModuleReference ? None : Of(member.Parent);
                    return member.GetKind() == MemberReferenceKind.Method
                        ? [.. parent, .. Flatten(member.DecodeMethodSignature(this, null))]
                        : [.. parent, .. member.DecodeFieldSignature(this, null)];
                }
                case HandleKind.MethodSpecification:
                {
                    var spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    return [.. Of(spec.Method), .. spec.DecodeSignature(this, null).SelectMany(t => t)];
                }
                case HandleKind.StandaloneSignature:
                {
                    var signature = md.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    return signature.GetKind() == StandaloneSignatureKind.LocalVariables
                        ? [.. signature.DecodeLocalSignature(this, null).SelectMany(t => t)]
                        : Flatten(signature.DecodeMethodSignature(this, null));
                }
                default:
                    return None;
            }
        }

        private static ImmutableArray<(string, string)> Flatten(MethodSignature<ImmutableArray<(string, string)>> s) =>
            [.. s.ReturnType, .. s.ParameterTypes.SelectMany(p => p)];

        public ImmutableArray<(string Name, string Namespace)> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
            [Outermost(handle)];

        public ImmutableArray<(string Name, string Namespace)> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
            [Outermost(handle)];

        public ImmutableArray<(string Name, string Namespace)> GetTypeFromSpecification(MetadataReader reader, object? genericContext,
            TypeSpecificationHandle handle, byte rawTypeKind) => reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public ImmutableArray<(string Name, string Namespace)> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;

        public ImmutableArray<(string Name, string Namespace)> GetGenericInstantiation(ImmutableArray<(string Name, string Namespace)> genericType,
            ImmutableArray<ImmutableArray<(string Name, string Namespace)>> typeArguments) => [.. genericType, .. typeArguments.SelectMany(t => t)];

        public ImmutableArray<(string Name, string Namespace)> GetArrayType(ImmutableArray<(string Name, string Namespace)> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<(string Name, string Namespace)> GetSZArrayType(ImmutableArray<(string Name, string Namespace)> elementType) => elementType;

        public ImmutableArray<(string Name, string Namespace)> GetByReferenceType(ImmutableArray<(string Name, string Namespace)> elementType) => elementType;

        public ImmutableArray<(string Name, string Namespace)> GetPointerType(ImmutableArray<(string Name, string Namespace)> elementType) => elementType;

        public ImmutableArray<(string Name, string Namespace)> GetPinnedType(ImmutableArray<(string Name, string Namespace)> elementType) => elementType;

        public ImmutableArray<(string Name, string Namespace)> GetModifiedType(ImmutableArray<(string Name, string Namespace)> modifier,
            ImmutableArray<(string Name, string Namespace)> unmodifiedType, bool isRequired) => [.. modifier, .. unmodifiedType];

        public ImmutableArray<(string Name, string Namespace)> GetFunctionPointerType(MethodSignature<ImmutableArray<(string Name, string Namespace)>> signature) =>
            Flatten(signature);

        public ImmutableArray<(string Name, string Namespace)> GetGenericMethodParameter(object? genericContext, int index) => None;

        public ImmutableArray<(string Name, string Namespace)> GetGenericTypeParameter(object? genericContext, int index) => None;
    }
}
