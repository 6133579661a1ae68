fn main() {
    if let Err(error) = openapi_client_gen::generate_in_build_script(
        "../fixtures/security_schemes.yaml",
        "security_schemes",
    ) {
        panic!("cannot generate the client: {error}");
    }
}
