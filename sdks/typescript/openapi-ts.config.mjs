// The generated half of @rend/sdk: types, the fetch client and one function per operation, from the
// spec the API serves (api/openapi/rend.yaml). Regenerate with ./generate.sh; never edit src/generated.
export default {
  input: '../../api/openapi/rend.yaml',
  output: { path: 'src/generated', postProcess: [] },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
};
