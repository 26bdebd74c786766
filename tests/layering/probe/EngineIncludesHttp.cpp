// Compiled by LayeringEnforcedByBuild against pmcp_engine: it must fail, because the engine
// sits below the HTTP front end and its include folder does not show server/http.
#include "server/http/HttpRouter.h"

int pmcpLayeringForbiddenProbe()
{
    return 0;
}
