// Files imported as text (migrations, embedded assets).
declare module "*.sql" {
  const text: string;
  export default text;
}
