using System.Collections;

namespace TinyTensor.Layers;

/// <summary>The live list of a layer's parameter values (<see cref="Layer.Parameters"/>): entry i is parameter i's
/// <see cref="Parameter.Value"/> at the time it is read, so it stays true after <see cref="Layer.To(DType)"/> replaces
/// the values, and allocates nothing.</summary>
internal sealed class ParameterValues(Parameter[] parameters) : IReadOnlyList<Tensor>
{
    public Tensor this[int index] => parameters[index].Value;

    public int Count => parameters.Length;

    public IEnumerator<Tensor> GetEnumerator()
    {
        foreach (Parameter parameter in parameters)
        {
            yield return parameter.Value;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
