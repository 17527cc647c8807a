using System.Buffers.Binary;
using System.Numerics;
using Google.Protobuf;
using Onnx;

namespace TinyTensor.Interop.Onnx;

/// <summary>
/// Builds an ONNX graph one node at a time with the schema's generated protobuf classes: fresh value names,
/// parameters as initializers in the model's element type, typed graph input and output.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph = new();
    private readonly OnnxElementType _elementType;
    private int _nextValue;

    public OnnxGraphBuilder(OnnxElementType elementType, string name)
    {
        _elementType = elementType;
        _graph.Name = name;
    }

    /// <summary>The element type of the graph's values and initializers.</summary>
    public OnnxElementType ElementType => _elementType;

    /// <summary>The ONNX <c>TensorProto.DataType</c> code of the element type (FLOAT = 1, DOUBLE = 11).</summary>
    private int DataType => (int)(_elementType == OnnxElementType.Float64
        ? TensorProto.Types.DataType.Double
        : TensorProto.Types.DataType.Float);

    /// <summary>Declares a graph input; <paramref name="shape"/>'s null entries are the symbolic dimension <paramref name="dynamicDim"/>.</summary>
    public void AddInput(string name, int?[] shape, string dynamicDim) => _graph.Input.Add(ValueInfo(name, shape, dynamicDim));

    /// <summary>Declares a graph output, as <see cref="AddInput"/>.</summary>
    public void AddOutput(string name, int?[] shape, string dynamicDim) => _graph.Output.Add(ValueInfo(name, shape, dynamicDim));

    /// <summary>A new value name with <paramref name="prefix"/> (e.g. "0.gemm"), unique in the graph.</summary>
    public string NewValue(string prefix) => $"{prefix}_{_nextValue++}";

    /// <summary>Adds an initializer holding the values of <paramref name="value"/> (float64 or float32) in the
    /// graph's element type, with its shape: float32 into a float32 graph and float64 into a float64 one bit for bit,
    /// float32 into float64 widened exactly, float64 into float32 rounded to nearest.</summary>
    /// <returns>Its name.</returns>
    public string AddInitializer(string name, Tensor value) => value.DType == DType.Float32
        ? AddInitializer(name, value.AsReadOnlySpan<float>(), value.Shape)
        : AddInitializer(name, value.AsReadOnlySpan<double>(), value.Shape);

    /// <summary>Adds an initializer holding <paramref name="values"/> (a constant such as a slope, or a tensor's
    /// elements) in the graph's element type.</summary>
    /// <returns>Its name.</returns>
    public string AddInitializer<T>(string name, ReadOnlySpan<T> values, ReadOnlySpan<int> shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensor = new TensorProto { Name = name, DataType = DataType };
        foreach (int dim in shape)
        {
            tensor.Dims.Add(dim);
        }

        tensor.RawData = ByteString.CopyFrom(RawLittleEndian(values));
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node <paramref name="opType"/>(inputs) → outputs with the given attributes.</summary>
    public void AddNode(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        _graph.Node.Add(node);
    }

    /// <summary>The graph built so far.</summary>
    public GraphProto Graph => _graph;

    /// <summary>An INT attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An INTS attribute (kernel shapes, strides, pads).</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    /// <summary>A FLOAT attribute (ONNX attributes are float32 whatever the tensors' type).</summary>
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private ValueInfoProto ValueInfo(string name, int?[] shape, string dynamicDim)
    {
        var tensorShape = new TensorShapeProto();
        foreach (int? dim in shape)
        {
            tensorShape.Dim.Add(dim is { } fixedDim
                ? new TensorShapeProto.Types.Dimension { DimValue = fixedDim }
                : new TensorShapeProto.Types.Dimension { DimParam = dynamicDim });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = DataType, Shape = tensorShape } },
        };
    }

    /// <summary>The values as ONNX raw_data: little-endian, in the graph's element type (a float64 value into a
    /// float32 graph rounds to nearest; the other conversions are exact).</summary>
    private byte[] RawLittleEndian<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (_elementType == OnnxElementType.Float64)
        {
            byte[] bytes = new byte[values.Length * sizeof(double)];
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), double.CreateTruncating(values[i]));
            }

            return bytes;
        }

        byte[] singles = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(singles.AsSpan(i * sizeof(float)), float.CreateTruncating(values[i]));
        }

        return singles;
    }
}
